import { describe, expect, it } from "vitest";
import { chordKeys, findShortcut, SHORTCUTS } from "./shortcuts";

const key = (init: Partial<KeyboardEvent>) =>
  ({ ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, code: "", ...init }) as KeyboardEvent;

describe("shortcut table", () => {
  it("gives every chord to one shortcut only", () => {
    const seen = new Map<string, string>();
    for (const shortcut of SHORTCUTS) {
      for (const chord of shortcut.chords) {
        const id = JSON.stringify(chordKeys(chord, false));
        expect(seen.get(id), `${id} is used by ${seen.get(id)} and ${shortcut.id}`).toBeUndefined();
        seen.set(id, shortcut.id);
      }
    }
  });

  it("matches Ctrl or Cmd, and tells undo from redo by Shift", () => {
    expect(findShortcut(key({ key: "z", ctrlKey: true }))?.id).toBe("undo");
    expect(findShortcut(key({ key: "z", metaKey: true }))?.id).toBe("undo");
    expect(findShortcut(key({ key: "Z", ctrlKey: true, shiftKey: true }))?.id).toBe("redo");
    expect(findShortcut(key({ key: "y", ctrlKey: true }))?.id).toBe("redo");
    expect(findShortcut(key({ key: "k", metaKey: true }))?.id).toBe("search");
    expect(findShortcut(key({ key: "z" }))).toBeNull();
  });

  it("matches '?' typed with Shift, and Shift+1 by its physical key", () => {
    expect(findShortcut(key({ key: "?", shiftKey: true }))?.id).toBe("help");
    expect(findShortcut(key({ key: "!", shiftKey: true, code: "Digit1" }))?.id).toBe("fitView");
    expect(findShortcut(key({ key: "1", code: "Digit1" }))).toBeNull();
  });

  it("shows Mac keys on a Mac", () => {
    expect(chordKeys({ key: "z", mod: true, shift: true }, true)).toEqual(["⌘", "Shift", "Z"]);
    expect(chordKeys({ key: "z", mod: true }, false)).toEqual(["Ctrl", "Z"]);
  });
});

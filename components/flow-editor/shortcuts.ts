// The editor's keyboard shortcuts, in one table: the key handler (use-editor-shortcuts.ts) matches
// events against it and the help popover lists it, so the two cannot drift apart. Pointer
// gestures are listed from the same file, and their keys are what the canvas is configured with.

export type TShortcutId =
  | "undo"
  | "redo"
  | "copy"
  | "cut"
  | "paste"
  | "duplicate"
  | "selectAll"
  | "delete"
  | "deselect"
  | "search"
  | "help"
  | "fitView"
  | "zoomIn"
  | "zoomOut"
  | "autoLayout";

/** `mod` is Ctrl, or Cmd on a Mac; `shift: "any"` for keys typed with Shift on some layouts ("?", "+"). */
export type TKeyChord = { key: string; mod?: boolean; shift?: boolean | "any"; alt?: boolean };

export type TShortcut = {
  id: TShortcutId;
  group: "Edit" | "Selection" | "Navigate" | "Help";
  description: string;
  chords: TKeyChord[];
  /** Changes the graph: off for viewers. */
  isEdit: boolean;
  /** Also works while typing in a form field (never inside the code editor). */
  worksInFields?: boolean;
};

export const SHORTCUTS: TShortcut[] = [
  { id: "undo", group: "Edit", description: "Undo", chords: [{ key: "z", mod: true }], isEdit: true },
  {
    id: "redo",
    group: "Edit",
    description: "Redo",
    chords: [
      { key: "z", mod: true, shift: true },
      { key: "y", mod: true },
    ],
    isEdit: true,
  },
  {
    id: "copy",
    group: "Edit",
    description: "Copy the selected nodes",
    chords: [{ key: "c", mod: true }],
    isEdit: false,
  },
  {
    id: "cut",
    group: "Edit",
    description: "Cut the selected nodes",
    chords: [{ key: "x", mod: true }],
    isEdit: true,
  },
  {
    id: "paste",
    group: "Edit",
    description: "Paste nodes (also from another flow or tab)",
    chords: [{ key: "v", mod: true }],
    isEdit: true,
  },
  {
    id: "duplicate",
    group: "Edit",
    description: "Duplicate the selected nodes",
    chords: [{ key: "d", mod: true }],
    isEdit: true,
  },
  {
    id: "delete",
    group: "Edit",
    description: "Delete the selection",
    chords: [{ key: "Delete" }, { key: "Backspace" }],
    isEdit: true,
  },
  {
    id: "autoLayout",
    group: "Edit",
    description: "Auto-layout the flow",
    chords: [{ key: "l", shift: true }],
    isEdit: true,
  },
  {
    id: "selectAll",
    group: "Selection",
    description: "Select every node",
    chords: [{ key: "a", mod: true }],
    isEdit: false,
  },
  {
    id: "deselect",
    group: "Selection",
    description: "Clear the selection",
    chords: [{ key: "Escape" }],
    isEdit: false,
  },
  {
    id: "search",
    group: "Navigate",
    description: "Find a node",
    chords: [{ key: "k", mod: true }],
    isEdit: false,
    worksInFields: true,
  },
  {
    id: "fitView",
    group: "Navigate",
    description: "Zoom to fit the whole flow",
    chords: [{ key: "1", shift: true }],
    isEdit: false,
  },
  {
    id: "zoomIn",
    group: "Navigate",
    description: "Zoom in",
    chords: [
      { key: "+", shift: "any" },
      { key: "=", shift: "any" },
    ],
    isEdit: false,
  },
  { id: "zoomOut", group: "Navigate", description: "Zoom out", chords: [{ key: "-" }], isEdit: false },
  {
    id: "help",
    group: "Help",
    description: "Show these shortcuts",
    chords: [{ key: "?", shift: "any" }],
    isEdit: false,
  },
];

/** Box selection and adding to a selection: React Flow's own gestures, configured with these keys. */
export const SELECTION_BOX_KEY = "Shift";
export const MULTI_SELECT_KEYS = ["Meta", "Control"];
export const POINTER_GESTURES: { keys: string[]; description: string }[] = [
  { keys: ["Shift", "drag"], description: "Select the nodes inside a box" },
  { keys: ["mod", "click"], description: "Add a node to the selection, or take it out" },
  { keys: ["drag"], description: "Move the canvas (on empty space) or the selected nodes" },
];

export function matchesChord(event: KeyboardEvent, chord: TKeyChord): boolean {
  const isMod = event.ctrlKey || event.metaKey;
  if (Boolean(chord.mod) !== isMod || Boolean(chord.alt) !== event.altKey) return false;
  if (chord.shift !== "any" && Boolean(chord.shift) !== event.shiftKey) return false;
  // Shift+1 arrives as "!" on most layouts: digits compare by physical key.
  if (/^\d$/.test(chord.key)) return event.code === `Digit${chord.key}`;
  return event.key.toLowerCase() === chord.key.toLowerCase();
}

export function findShortcut(event: KeyboardEvent): TShortcut | null {
  return SHORTCUTS.find((shortcut) => shortcut.chords.some((chord) => matchesChord(event, chord))) ?? null;
}

/** The keys of a chord as shown in the help ("Ctrl", "Shift", "Z"; "⌘" on a Mac). */
export function chordKeys(chord: TKeyChord, isMac: boolean): string[] {
  const keys: string[] = [];
  if (chord.mod) keys.push(isMac ? "⌘" : "Ctrl");
  if (chord.alt) keys.push(isMac ? "⌥" : "Alt");
  if (chord.shift === true) keys.push("Shift");
  keys.push(chord.key.length === 1 ? chord.key.toUpperCase() : chord.key === "Escape" ? "Esc" : chord.key);
  return keys;
}

export function gestureKeys(keys: string[], isMac: boolean): string[] {
  return keys.map((key) => (key === "mod" ? (isMac ? "⌘" : "Ctrl") : key));
}

export function isMacPlatform(): boolean {
  return (
    typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
  );
}

/** Typing targets keep their keys: form fields, editable content and the Monaco code editor. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return (
    target.closest(
      "input, textarea, select, [contenteditable=''], [contenteditable=true], .monaco-editor",
    ) !== null
  );
}

export function isInCodeEditor(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(".monaco-editor") !== null;
}

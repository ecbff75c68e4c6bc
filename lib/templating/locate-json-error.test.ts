import { describe, expect, it } from "vitest";
import { locateJsonError } from "@/lib/templating/locate-json-error";

function v8Position(text: string): number | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const match = /at position (\d+)/.exec((error as Error).message);
    return match ? Number(match[1]) : -1;
  }
}

describe("locateJsonError", () => {
  it.each([
    '{"a": 1}',
    '[1, -2.5e+3, "x\\u00e9\\n", true, false, null, {}, []]',
    ' \n {"nested": {"deep": [1, {"k": "v"}]}} \n',
    '"just a string"',
    "0",
  ])("returns null for valid JSON: %s", (text) => {
    expect(locateJsonError(text)).toBeNull();
  });

  // Where V8 gives a position, ours must agree with it.
  it.each([
    '{"a": "x"y"}',
    '{"a": 1,}',
    '{"a": "line\nbreak"}',
    '{"a": 1} x',
    "[1 2]",
    '{"a": 1',
    '{"a" 1}',
    '{"a": 01}',
    '{"a": 1.}',
    '{"a": "\\x"}',
  ])("agrees with V8's position for %j", (text) => {
    const position = v8Position(text);
    expect(position).not.toBe(-1);
    expect(locateJsonError(text)).toBe(position);
  });

  it.each([
    ['{"a": }', 6],
    ["abc", 0],
    ['{"a": tru}', 9],
    ['{"a": ,\n"b": 2}', 6],
    ["", 0],
    ['{"a": "unterminated', 19],
  ])("finds the position V8 does not report in %j", (text, expected) => {
    expect(locateJsonError(text)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { formatPython } from "./format-python";

describe("formatPython", () => {
  it("turns indentation tabs into four spaces and drops trailing whitespace", () => {
    expect(formatPython("def handler(event, profile, context):\t\n\treturn 1   \n")).toBe(
      "def handler(event, profile, context):\n    return 1\n",
    );
  });

  it("keeps at most two blank lines in a row and ends with one newline", () => {
    expect(formatPython("a = 1\n\n\n\n\nb = 2\n\n\n")).toBe("a = 1\n\n\nb = 2\n");
  });

  it("leaves the inside of triple-quoted strings exactly as written", () => {
    const source = 'doc = """\n\tkeep   \n\n\n\n"""\nx = 1\t\n';
    expect(formatPython(source)).toBe('doc = """\n\tkeep   \n\n\n\n"""\nx = 1\n');
  });

  it("does not treat quotes after a comment as a string", () => {
    expect(formatPython('# a """ comment\nx = 1   \n')).toBe('# a """ comment\nx = 1\n');
  });

  it("keeps tabs that are not indentation", () => {
    expect(formatPython('s = "a\tb"\n')).toBe('s = "a\tb"\n');
  });

  it("normalises Windows line endings and returns an empty string for blank input", () => {
    expect(formatPython("x = 1\r\ny = 2\r\n")).toBe("x = 1\ny = 2\n");
    expect(formatPython("\n\n  \n")).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { compileJavaScript } from "./compile";

describe("compileJavaScript", () => {
  it("turns an ES module with allowlisted imports into a CommonJS-style script with a source map", async () => {
    const result = await compileJavaScript(
      'import _ from "lodash";\nimport { profiles } from "hookflow";\nexport default async function (event) {\n  return _.get(event, "a");\n}\n',
    );
    expect(result.errors).toEqual([]);
    expect(result.code).toContain('require("lodash")');
    expect(result.code).toContain('require("hookflow")');
    expect(result.code).toContain("module.exports");
    expect(result.code).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
  });

  it("accepts a default export written as export { name as default }", async () => {
    const result = await compileJavaScript(
      "function handler() { return 1 }\nexport { handler as default }\n",
    );
    expect(result.errors).toEqual([]);
  });

  it.each([
    ['import fs from "fs";\nexport default () => 1', 1, 16, 'Cannot import "fs"'],
    [
      'export default async () => {\n  const cp = await import("child_process");\n}',
      2,
      27,
      'Cannot import "child_process"',
    ],
    ['export default () => require("node:net")', 1, 30, 'Cannot import "node:net"'],
  ])("refuses a module outside the allowlist at its line: %j", async (source, line, column, message) => {
    const result = await compileJavaScript(source);
    expect(result.code).toBe("");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line, column });
    expect(result.errors[0]?.message).toContain(message);
    expect(result.errors[0]?.message).toContain("lodash, dayjs, uuid");
  });

  it("reports a syntax error with its 1-based line and column", async () => {
    const result = await compileJavaScript("export default function (event) {\n  return event.\n}\n");
    expect(result.code).toBe("");
    expect(result.errors).toEqual([{ line: 3, column: 1, message: expect.any(String) }]);
  });

  it("asks for a default export when there is none", async () => {
    const result = await compileJavaScript("export const handler = () => 1;\n");
    expect(result.errors[0]?.message).toMatch(/must export a default function/);
  });

  it("explains that top-level await is not supported", async () => {
    const result = await compileJavaScript("const x = await Promise.resolve(1);\nexport default () => x;\n");
    expect(result.errors).toEqual([
      {
        line: 1,
        column: 11,
        message: "Top-level await is not supported: await inside the default function instead",
      },
    ]);
  });
});

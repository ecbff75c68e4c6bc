import { describe, expect, it } from "vitest";
import { extractOutputs } from "@/lib/code/outputs";

const declared = [
  { name: "tier", type: "string" as const, default: "none" },
  { name: "score", type: "number" as const },
  { name: "vip", type: "boolean" as const, default: false },
  { name: "raw", type: "json" as const },
];

describe("extractOutputs", () => {
  it("reads declared names from the returned object and ignores the rest", () => {
    expect(
      extractOutputs(declared, { tier: "gold", score: 7, vip: true, raw: [1, { a: 2 }], extra: 1 }),
    ).toEqual({
      outputs: { tier: "gold", score: 7, vip: true, raw: [1, { a: 2 }] },
      problems: [],
    });
  });

  it("uses defaults (or null) for absent outputs", () => {
    expect(extractOutputs(declared, {})).toEqual({
      outputs: { tier: "none", score: null, vip: false, raw: null },
      problems: [],
    });
  });

  it("uses the default for a value of the wrong type and says why", () => {
    const result = extractOutputs(declared, { tier: 5, score: "7", vip: "yes" });
    expect(result.outputs).toEqual({ tier: "none", score: null, vip: false, raw: null });
    expect(result.problems).toEqual([
      'Output "tier": expected a string, got number 5; used the default',
      'Output "score": expected a number, got string "7"; used the default',
      'Output "vip": expected true or false, got string "yes"; used the default',
    ]);
  });

  it("reports a return value that is not an object", () => {
    const result = extractOutputs(declared, [1, 2]);
    expect(result.outputs.tier).toBe("none");
    expect(result.problems[0]).toMatch(/not an object/);
    expect(extractOutputs([], 42)).toEqual({ outputs: {}, problems: [] });
  });
});

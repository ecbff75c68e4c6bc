import { describe, expect, it } from "vitest";
import { nodeSummary, type TReferenceNames } from "@/lib/flows/node-types";

const FUNCTION_ID = "0193a8e1-0000-7000-8000-00000000c0de";
const base: TReferenceNames = { list: () => undefined, segment: () => undefined, metric: () => undefined };

describe("code node summary", () => {
  it("names the chosen function when the caller passes code function names", () => {
    const names = { ...base, codeFunction: (id: string) => (id === FUNCTION_ID ? "Score lead" : undefined) };
    expect(nodeSummary({ type: "code", config: { functionId: FUNCTION_ID } }, names)).toBe("Runs Score lead");
    expect(nodeSummary({ type: "code", config: { functionId: crypto.randomUUID() } }, names)).toBe(
      "A deleted function",
    );
  });
  it("stays generic for callers without code functions, and asks for a choice when none", () => {
    expect(nodeSummary({ type: "code", config: { functionId: FUNCTION_ID } }, base)).toBe(
      "Runs a code function",
    );
    expect(nodeSummary({ type: "code", config: { functionId: null } }, base)).toBe("Choose a function");
  });
});

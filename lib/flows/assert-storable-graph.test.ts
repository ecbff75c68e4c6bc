import { describe, expect, it } from "vitest";
import { assertStorableGraph } from "@/lib/flows/assert-storable-graph";

describe("assertStorableGraph", () => {
  it("names the field holding NUL or an unpaired surrogate (PostgreSQL would refuse it with a 500)", () => {
    const graph = { nodes: [{ id: "a" }, { id: "b", label: "x\u0000" }], edges: [{ id: "\ud800" }] };
    expect(() => assertStorableGraph(graph)).toThrow(/invalid at nodes\.1\.label: text may not contain/);
    expect(() => assertStorableGraph({ edges: [{ id: "\udc00" }] })).toThrow(/at edges\.0\.id/);
  });

  it("accepts emoji (surrogate pairs) and ordinary control characters", () => {
    expect(() => assertStorableGraph({ nodes: [{ label: "🏳️‍🌈 \u0001 \u202e" }] })).not.toThrow();
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApiFixture } from "@/lib/api/testing/api-fixtures";
import { HookflowError } from "@/lib/errors";
import { createFlow } from "@/lib/flows/create-flow";
import { FLOW_EXPORT_KIND } from "@/lib/flows/flow-export";
import { parseFlowExport } from "@/lib/flows/flow-import";
import { FLOW_GRAPH_SCHEMA_VERSION, ZFlowGraph } from "@/lib/flows/graph-schema";
import { saveDraft } from "@/lib/flows/save-draft";
import { validateFlowGraph } from "@/lib/flows/validate-graph";
import { createTestDatabase } from "@/test/database";
import {
  createTally,
  FUZZ_RUNS,
  FUZZ_SEED,
  hostileJson,
  hostileNumber,
  hostileString,
  objectOf,
  PROTOTYPE_KEYS,
  withinTimeLimit,
} from "@/test/fuzz/hostile-values";

// Fuzzing the flow graph where it enters the server: saveDraft (the editor's autosave action,
// parsed with the one schema) and parseFlowExport (import). Contract: a 4xx HookflowError whose
// message names the path, or a saved draft that the structural validator can read; a refused
// save changes nothing.

const db = await createTestDatabase();
const fixture = await createApiFixture("Fuzz flows");
const flow = await createFlow({ workspaceId: fixture.workspaceId, name: "Fuzzed", userId: null });
const TIMEOUT = 60_000 + FUZZ_RUNS * 100;

function baseGraph() {
  return {
    schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
    nodes: [
      {
        id: "trigger",
        type: "metric-trigger",
        position: { x: 0, y: 0 },
        config: { metricId: "0190a1b2-0000-7000-8000-000000000001" },
      },
      {
        id: "hook",
        type: "webhook",
        position: { x: 0, y: 100 },
        label: "Send",
        config: { url: "https://example.com/hook", headers: [{ name: "x-a", value: "b" }], body: "{}" },
      },
      {
        id: "wait",
        type: "delay",
        position: { x: 0, y: 200 },
        config: { mode: "duration", amount: 1, unit: "hours" },
      },
    ],
    edges: [
      { id: "e1", source: "trigger", sourceHandle: null, target: "hook" },
      { id: "e2", source: "hook", sourceHandle: null, target: "wait" },
    ],
  } as Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
}

const hostileLeafOrTree = fc.oneof(hostileJson, hostileString, hostileNumber);
const mutation = fc.oneof(
  fc.record({
    where: fc.constant("node" as const),
    index: fc.nat(2),
    key: fc.constantFrom("id", "type", "position", "label", "config", ...PROTOTYPE_KEYS),
    value: hostileLeafOrTree,
  }),
  fc.record({
    where: fc.constant("config" as const),
    index: fc.nat(2),
    key: fc.constantFrom("url", "headers", "body", "metricId", "amount", "unit", "mode", ...PROTOTYPE_KEYS),
    value: hostileLeafOrTree,
  }),
  fc.record({
    where: fc.constant("edge" as const),
    index: fc.nat(1),
    key: fc.constantFrom("id", "source", "target", "sourceHandle"),
    value: hostileLeafOrTree,
  }),
  fc.record({
    where: fc.constant("top" as const),
    index: fc.constant(0),
    key: fc.constantFrom("schemaVersion", "nodes", "edges", "settings", ...PROTOTYPE_KEYS),
    value: hostileLeafOrTree,
  }),
  fc.record({
    where: fc.constant("many" as const),
    index: fc.constantFrom(999, 1001, 5000),
    key: fc.constant(""),
    value: fc.constant(null),
  }),
  fc.record({
    where: fc.constant("whole" as const),
    index: fc.constant(0),
    key: fc.constant(""),
    value: hostileJson,
  }),
);

type TChange = { where: string; index: number; key: string; value: unknown };

function mutate(change: TChange): unknown {
  if (change.where === "whole") return change.value;
  const graph = baseGraph();
  const set = (target: object, key: string, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  if (change.where === "node") set(graph.nodes[change.index]!, change.key, change.value);
  if (change.where === "config") set(graph.nodes[change.index]!.config as object, change.key, change.value);
  if (change.where === "edge") set(graph.edges[change.index]!, change.key, change.value);
  if (change.where === "top") set(graph, change.key, change.value);
  if (change.where === "many") {
    const template = graph.nodes[2]!;
    graph.nodes = Array.from({ length: change.index }, (_, index) => ({ ...template, id: `n${index}` }));
  }
  return objectOf(Object.entries(graph));
}

async function currentRevision() {
  return (await db.prisma.flow.findUniqueOrThrow({ where: { id: flow.id } })).draftRevision;
}

describe("fuzzing the flow graph", () => {
  it(`saveDraft: ${FUZZ_RUNS} hostile graphs`, { timeout: TIMEOUT }, async () => {
    const tally = createTally("saveDraft");
    await fc.assert(
      fc.asyncProperty(mutation, async (change) => {
        const graph = mutate(change);
        const revision = await currentRevision();
        const outcome = await withinTimeLimit("saveDraft", () =>
          saveDraft({
            workspaceId: fixture.workspaceId,
            flowId: flow.id,
            graph,
            expectedRevision: revision,
            userId: null,
          }).then(
            (saved) => ({ saved }),
            (error: unknown) => ({ error }),
          ),
        );
        tally.count("error" in outcome ? "refused" : "saved");
        if ("error" in outcome) {
          expect(outcome.error, String(outcome.error)).toBeInstanceOf(HookflowError);
          const error = outcome.error as HookflowError;
          expect(error.status).toBe(400);
          expect(error.message).toMatch(/invalid at|not allowed|cannot/i);
          expect(await currentRevision()).toBe(revision);
          return;
        }
        expect(outcome.saved.revision).toBe(revision + 1);
        const stored = await db.prisma.flow.findUniqueOrThrow({ where: { id: flow.id } });
        const parsed = ZFlowGraph.parse(stored.draftGraph);
        for (const problem of validateFlowGraph(parsed)) expect(problem.message.length).toBeGreaterThan(0);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });

  it(`parseFlowExport: ${FUZZ_RUNS} hostile documents`, { timeout: TIMEOUT }, async () => {
    const tally = createTally("parseFlowExport (whole and cut short)");
    await fc.assert(
      fc.property(mutation, fc.nat(), (change, cut) => {
        const document = {
          kind: FLOW_EXPORT_KIND,
          schemaVersion: FLOW_GRAPH_SCHEMA_VERSION,
          flow: { name: "x", graph: mutate(change) },
          references: {},
        };
        const text = JSON.stringify(document);
        for (const candidate of [text, text.slice(0, cut % (text.length + 1))]) {
          try {
            parseFlowExport(candidate);
            tally.count("parsed");
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(HookflowError);
            expect((error as HookflowError).status).toBe(400);
            tally.count("refused");
          }
        }
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    tally.report();
  });
});

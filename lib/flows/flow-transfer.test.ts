import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { createWorkspaceFixture } from "@/lib/engine/run-actions/run-action-fixtures";
import { createFlow } from "@/lib/flows/create-flow";
import { exportFileName, exportFlow } from "@/lib/flows/flow-export";
import { importFlow, parseFlowExport } from "@/lib/flows/flow-import";
import { listGraphReferences } from "@/lib/flows/graph-references";
import { emptyFlowGraph, type TFlowGraph, ZFlowGraph } from "@/lib/flows/graph-schema";
import { registryProblems, UNCHOSEN_ID } from "@/lib/flows/node-types";
import { publishFlow } from "@/lib/flows/publish-flow";
import { validateFlowGraph } from "@/lib/flows/validate-graph";
import { createTestDatabase } from "@/test/database";

// Export from workspace A, import into workspace B where some of the names exist and some do not.

await createTestDatabase();
const a = await createWorkspaceFixture("Exporter");
const b = await createWorkspaceFixture("Importer");

async function seedReferences(workspaceId: string, names: { list?: string; segment?: string; fn?: string }) {
  const metric = await prisma.metric.upsert({
    where: { workspaceId_name: { workspaceId, name: "Placed Order" } },
    create: { workspaceId, name: "Placed Order" },
    update: {},
  });
  const list = names.list ? await prisma.list.create({ data: { workspaceId, name: names.list } }) : null;
  const segment = names.segment
    ? await prisma.segment.create({ data: { workspaceId, name: names.segment, definition: {} } })
    : null;
  const fn = names.fn
    ? await prisma.codeFunction.create({
        data: { workspaceId, name: names.fn, language: "javascript", draftSource: "export default () => {}" },
      })
    : null;
  return { metricId: metric.id, listId: list?.id, segmentId: segment?.id, functionId: fn?.id };
}

const source = await seedReferences(a.workspaceId, { list: "Newsletter", segment: "VIP", fn: "Save locale" });
// B has the metric and the list, but no "VIP" segment and no "Save locale" function.
const target = await seedReferences(b.workspaceId, { list: "Newsletter" });

function sourceGraph(): TFlowGraph {
  const groups = (conditions: unknown[]) => ({ match: "any", groups: [{ match: "all", conditions }] });
  return ZFlowGraph.parse({
    ...emptyFlowGraph(),
    nodes: [
      {
        id: "trigger",
        type: "metric-trigger",
        position: { x: 0, y: 0 },
        config: { metricId: source.metricId, filters: groups([]) },
      },
      {
        id: "split",
        type: "split",
        label: "Subscriber or VIP?",
        position: { x: 0, y: 150 },
        config: {
          conditions: groups([
            { kind: "list-membership", listId: source.listId, isMember: true },
            { kind: "segment-membership", segmentId: source.segmentId, isMember: true },
          ]),
        },
      },
      { id: "code", type: "code", position: { x: 0, y: 300 }, config: { functionId: source.functionId } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "split" },
      { id: "e2", source: "split", sourceHandle: "yes", target: "code" },
    ],
    settings: {
      filters: groups([{ kind: "list-membership", listId: source.listId, isMember: true }]),
      reentry: { mode: "always" },
    },
  });
}

const flow = await createFlow({
  workspaceId: a.workspaceId,
  name: "Locale sync",
  graph: sourceGraph(),
  userId: null,
});

describe("exportFlow", () => {
  it("writes the draft with its schema version and a table naming every reference", async () => {
    const document = await exportFlow({ workspaceId: a.workspaceId, flowId: flow.id, now: new Date(0) });
    expect(document).toMatchObject({
      kind: "hookflow.flow",
      schemaVersion: 1,
      exportedAt: "1970-01-01T00:00:00.000Z",
      flow: { name: "Locale sync" },
    });
    expect(document.references).toEqual({
      [source.metricId]: { kind: "metric", name: "Placed Order" },
      [source.listId!]: { kind: "list", name: "Newsletter" },
      [source.segmentId!]: { kind: "segment", name: "VIP" },
      [source.functionId!]: { kind: "function", name: "Save locale" },
    });
    expect(document.flow.graph).toEqual(sourceGraph());
  });

  it("exports a published version instead of the draft when asked", async () => {
    const published = await createFlow({
      workspaceId: a.workspaceId,
      name: "Versioned",
      userId: null,
      graph: {
        ...emptyFlowGraph(),
        nodes: [{ id: "t", type: "list-trigger", position: { x: 0, y: 0 }, config: { listId: a.listId } }],
      },
    });
    await publishFlow({ workspaceId: a.workspaceId, flowId: published.id, status: "live", userId: null });
    await prisma.flow.update({ where: { id: published.id }, data: { draftGraph: emptyFlowGraph() } });
    const v1 = await exportFlow({ workspaceId: a.workspaceId, flowId: published.id, versionNumber: 1 });
    expect(v1.flow.graph.nodes.map((node) => node.id)).toEqual(["t"]);
    expect(v1.references).toEqual({ [a.listId]: { kind: "list", name: "Exporter list" } });
    const draft = await exportFlow({ workspaceId: a.workspaceId, flowId: published.id });
    expect(draft.flow.graph.nodes).toEqual([]);
    await expect(
      exportFlow({ workspaceId: a.workspaceId, flowId: published.id, versionNumber: 2 }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("does not export another workspace's flow", async () => {
    await expect(exportFlow({ workspaceId: b.workspaceId, flowId: flow.id })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("names the download after the flow", () => {
    expect(exportFileName("Welcome series: DE/AT!")).toBe("welcome-series-de-at.hookflow.json");
    expect(exportFileName("✨", 3)).toBe("flow-v3.hookflow.json");
  });
});

describe("importFlow", () => {
  it("maps references by name, clears the ones it cannot map, and reports them", async () => {
    const text = JSON.stringify(await exportFlow({ workspaceId: a.workspaceId, flowId: flow.id }));
    const report = await importFlow({
      workspaceId: b.workspaceId,
      document: parseFlowExport(text),
      userId: null,
    });

    expect(report.name).toBe("Locale sync");
    expect(report.mapped).toEqual(
      expect.arrayContaining([
        { kind: "metric", name: "Placed Order" },
        { kind: "list", name: "Newsletter" },
      ]),
    );
    expect(report.mapped).toHaveLength(2);
    expect(report.unmapped).toEqual([
      { kind: "segment", name: "VIP", usedBy: ["Subscriber or VIP?"] },
      { kind: "function", name: "Save locale", usedBy: ["the Code node"] },
    ]);

    const imported = await prisma.flow.findUniqueOrThrow({ where: { id: report.flowId } });
    expect(imported).toMatchObject({ workspaceId: b.workspaceId, status: "draft", name: "Locale sync" });
    const graph = ZFlowGraph.parse(imported.draftGraph);
    const ids = listGraphReferences(graph).map((site) => `${site.kind}:${site.field}:${site.id}`);
    // Only B's own ids remain; the unmapped segment is "not chosen" and the function is cleared.
    expect(ids).toEqual([
      `metric:metricId:${target.metricId}`,
      `list:conditions:${target.listId}`,
      `list:settings.filters:${target.listId}`,
    ]);
    const split = graph.nodes.find((node) => node.id === "split");
    expect(JSON.stringify(split)).toContain(UNCHOSEN_ID);
    expect(graph.nodes.find((node) => node.id === "code")?.config).toEqual({ functionId: null });
    // The cleared references are problems on their nodes (the editor and publish show them).
    const problems = [...validateFlowGraph(graph), ...graph.nodes.flatMap(registryProblems)];
    const problemNodes = new Set(problems.map((problem) => problem.nodeId));
    expect(problemNodes.has("split")).toBe(true);
    expect(problemNodes.has("code")).toBe(true);
    expect(problemNodes.has("trigger")).toBe(false);
    // Nothing from A leaks into B's flow.
    for (const id of Object.values(source)) expect(JSON.stringify(graph)).not.toContain(id);
  });

  it("reports an id the document's table does not describe, without a name", async () => {
    const document = await exportFlow({ workspaceId: a.workspaceId, flowId: flow.id });
    delete document.references[source.metricId];
    const report = await importFlow({ workspaceId: b.workspaceId, document, userId: null });
    expect(report.unmapped).toContainEqual({ kind: "metric", name: null, usedBy: ["the Metric trigger"] });
  });

  it("does not map a name to a row of another kind", async () => {
    const document = await exportFlow({ workspaceId: a.workspaceId, flowId: flow.id });
    document.references[source.listId!] = { kind: "segment", name: "Newsletter" };
    const report = await importFlow({ workspaceId: b.workspaceId, document, userId: null });
    expect(report.unmapped).toContainEqual({
      kind: "list",
      name: "Newsletter",
      usedBy: ["Subscriber or VIP?", "flow filters"],
    });
  });
});

describe("parseFlowExport", () => {
  const valid = async () => exportFlow({ workspaceId: a.workspaceId, flowId: flow.id });

  it("refuses text that is not JSON", () => {
    expect(() => parseFlowExport("{ nope")).toThrow(/not valid JSON/);
  });

  it("refuses another kind of document, naming the field", () => {
    expect(() => parseFlowExport(JSON.stringify({ kind: "n8n.workflow" }))).toThrow(
      /kind: This is not a Hookflow flow export/,
    );
  });

  it("names the path of a bad node config inside the graph", async () => {
    const document = await valid();
    (document.flow.graph.nodes[2]!.config as { functionId: unknown }).functionId = "not-a-uuid";
    const parse = () => parseFlowExport(JSON.stringify(document));
    expect(parse).toThrow(/flow\.graph\.nodes\.2\.config\.functionId: Choose a code function/);
    try {
      parse();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, pointer: "flow.graph.nodes.2.config.functionId" });
    }
  });

  it("refuses a document from a newer schema version with a clear reason", async () => {
    const document = { ...(await valid()), schemaVersion: 7 };
    expect(() => parseFlowExport(JSON.stringify(document))).toThrow(
      /exported with flow schema version 7; this Hookflow reads up to version 1/,
    );
  });

  it("refuses a reference of an unknown kind, naming it", async () => {
    const document = await valid();
    const broken = { ...document, references: { x: { kind: "template", name: "T" } } };
    expect(() => parseFlowExport(JSON.stringify(broken))).toThrow(/references\.x\.kind/);
  });

  it("round-trips: a parsed export equals the export", async () => {
    const document = await valid();
    expect(parseFlowExport(JSON.stringify(document))).toEqual(document);
  });
});

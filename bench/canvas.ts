// `npm run bench:canvas [-- --repeat 5 --nodes 500 --edges 600]`
// The flow builder at scale, in headless Chromium against the production build:
// - open: navigation start → the pointerup of the first drag that moved a node, on the page's own
//   clock (the harness's wall clock, Playwright round trips included, is reported beside it);
// - drag: time per frame while a node is dragged across the canvas (input handlers + React +
//   style/layout/paint of that frame: from the frame's first pointermove to a message posted
//   from its requestAnimationFrame callback, which runs after the frame is rendered);
// - autosave: saveDraft of the whole flow, server-side (validation + revision-checked UPDATE).
// Each figure is the median over --repeat runs; the per-run p95 of frame times is reported too.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type Browser, chromium, type Page } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { createFlow } from "@/lib/flows/create-flow";
import {
  FLOW_GRAPH_SCHEMA_VERSION,
  type TFlowGraph,
  type TFlowNode,
  ZFlowGraph,
} from "@/lib/flows/graph-schema";
import { saveDraft } from "@/lib/flows/save-draft";
import { machineDescription, median, startBenchServer } from "./lib/bench-server";

const { values } = parseArgs({
  options: {
    repeat: { type: "string", default: "5" },
    nodes: { type: "string", default: "500" },
    edges: { type: "string", default: "600" },
    port: { type: "string", default: "3202" },
  },
});
const REPEAT = Number(values.repeat);
const NODE_COUNT = Number(values.nodes);
const EDGE_COUNT = Number(values.edges);
const PASSWORD = "bench canvas password";

/**
 * A valid acyclic flow: one metric trigger, then webhook / delay / split nodes on a grid, each
 * reached from an earlier node's free output; the remaining free outputs join later nodes
 * (merges) until the edge count is reached. Every third action is a split (two outputs).
 */
export function largeFlowGraph(nodeCount: number, edgeCount: number, metricId: string): TFlowGraph {
  const nodes: TFlowNode[] = [];
  const edges: TFlowGraph["edges"] = [];
  const freeOutputs: { node: number; handle: string | null }[] = [];
  const position = (index: number) => ({ x: (index % 20) * 300, y: Math.floor(index / 20) * 180 });
  nodes.push({
    id: "n0",
    type: "metric-trigger",
    position: position(0),
    config: { metricId },
  } as unknown as TFlowNode);
  freeOutputs.push({ node: 0, handle: null });
  const connect = (from: { node: number; handle: string | null }, to: number) =>
    edges.push({
      id: `e${edges.length}`,
      source: `n${from.node}`,
      sourceHandle: from.handle,
      target: `n${to}`,
    });
  for (let index = 1; index < nodeCount; index += 1) {
    const kind = index % 3 === 0 ? "split" : index % 3 === 1 ? "webhook" : "delay";
    nodes.push(nodeOf(kind, index, position(index)));
    connect(freeOutputs.shift()!, index);
    if (kind === "split") freeOutputs.push({ node: index, handle: "yes" }, { node: index, handle: "no" });
    else freeOutputs.push({ node: index, handle: null });
  }
  // Merges: a free output of node a joins a later node b (b > a keeps the graph acyclic).
  let cursor = 0;
  while (edges.length < edgeCount && cursor < freeOutputs.length) {
    const from = freeOutputs[cursor]!;
    cursor += 1;
    const target = from.node + 1 + ((from.node * 7) % Math.max(1, nodeCount - from.node - 1));
    if (target < nodeCount) connect(from, target);
  }
  // Parsing fills every config's defaults, as a saved draft would have them.
  return ZFlowGraph.parse({ schemaVersion: FLOW_GRAPH_SCHEMA_VERSION, nodes, edges });
}

function nodeOf(
  kind: "split" | "webhook" | "delay",
  index: number,
  position: { x: number; y: number },
): TFlowNode {
  const configs = {
    webhook: { url: `https://example.com/hooks/${index}`, body: '{ "email": "{{ person.email }}" }' },
    delay: { mode: "duration", amount: 1, unit: "hours" },
    split: {},
  };
  return { id: `n${index}`, type: kind, position, config: configs[kind] } as unknown as TFlowNode;
}

type TOpenResult = { openMs: number; wallMs: number; frameP50: number; frameP95: number; frames: number };

async function measureOpenAndDrag(browser: Browser, baseUrl: string, email: string, flowId: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email);
  // The time of each pointerup, from the document's navigation start (the page's own clock), so
  // the figure is navigation → the drag that moved the node, without the harness's overhead.
  await page.addInitScript(() => {
    const times: number[] = [];
    (window as unknown as { __pointerUps: number[] }).__pointerUps = times;
    window.addEventListener("pointerup", () => times.push(performance.now()), { capture: true });
  });
  const started = Date.now();
  await page.goto(`${baseUrl}/flows/${flowId}`, { waitUntil: "commit" });
  const node = page.locator('.react-flow__node[data-id="n0"]');
  // Interactive = a drag moves the node. Retry until it does (hydration may still be going on).
  for (;;) {
    await node.waitFor({ state: "visible" }).catch(async (error) => {
      await page.screenshot({ path: "bench/results/canvas-failure.png" });
      console.error(`no node at ${page.url()} (screenshot: bench/results/canvas-failure.png)`);
      throw error;
    });
    const before = await node.getAttribute("style");
    const box = (await node.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 40, { steps: 2 });
    await page.mouse.up();
    if ((await node.getAttribute("style")) !== before) break;
    if (Date.now() - started > 60_000) throw new Error("the node never moved");
  }
  const wallMs = Date.now() - started;
  const openMs = Math.round(
    await page.evaluate(
      () => (window as unknown as { __pointerUps: number[] }).__pointerUps.at(-1) ?? Number.NaN,
    ),
  );
  if (process.env.BENCH_CANVAS_FRAMES) {
    console.log(
      await page.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        return {
          ttfb: Math.round(navigation!.responseStart),
          responseEnd: Math.round(navigation!.responseEnd),
          domContentLoaded: Math.round(navigation!.domContentLoadedEventEnd),
          load: Math.round(navigation!.loadEventEnd),
          fcp: Math.round(paint?.startTime ?? -1),
          now: Math.round(performance.now()),
        };
      }),
    );
  }
  const frames = await measureDragFrames(page);
  await context.close();
  return { openMs, wallMs, ...frames } satisfies TOpenResult;
}

/**
 * Drags the node nearest the canvas centre in two circles that stay inside the canvas (a drag
 * to the canvas edge auto-pans the viewport, a different cost), and returns the frame times of
 * the frames that handled a move.
 */
async function measureDragFrames(page: Page) {
  await page.evaluate(() => {
    const state = { frameStart: 0, samples: [] as number[] };
    (window as unknown as { __frames: typeof state }).__frames = state;
    window.addEventListener(
      "pointermove",
      () => {
        if (state.frameStart !== 0) return;
        state.frameStart = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            state.samples.push(performance.now() - state.frameStart);
            state.frameStart = 0;
          };
          channel.port2.postMessage(null);
        });
      },
      { capture: true },
    );
  });
  const canvas = (await page.locator(".react-flow").boundingBox())!;
  const middle = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
  const boxes = await page.locator(".react-flow__node").evaluateAll((elements) =>
    elements.map((element) => {
      const rect = element.getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    }),
  );
  const centre = boxes.reduce((best, box) =>
    Math.hypot(box.x - middle.x, box.y - middle.y) < Math.hypot(best.x - middle.x, best.y - middle.y)
      ? box
      : best,
  );
  const radius = { x: Math.min(150, canvas.width / 4), y: Math.min(100, canvas.height / 4) };
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  for (let step = 0; step < 120; step += 1) {
    const angle = (step / 120) * Math.PI * 4;
    await page.mouse.move(centre.x + Math.cos(angle) * radius.x, centre.y + Math.sin(angle) * radius.y);
  }
  await page.mouse.up();
  const samples = await page.evaluate(
    () => (window as unknown as { __frames: { samples: number[] } }).__frames.samples,
  );
  if (process.env.BENCH_CANVAS_FRAMES) console.log(samples.map((sample) => sample.toFixed(1)).join(" "));
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { frameP50: at(0.5), frameP95: at(0.95), frames: samples.length };
}

async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

async function main() {
  const server = await startBenchServer({ port: Number(values.port), name: "canvas" });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const { prisma } = server.database;
    const owner = await prisma.user.findFirstOrThrow({ where: { email: "bench-canvas@example.com" } });
    await prisma.user.update({
      where: { id: owner.id },
      data: { passwordHash: await hashPassword(PASSWORD) },
    });
    const metric = await prisma.metric.create({
      data: { workspaceId: server.workspaceId, name: "Placed Order" },
    });
    const graph = largeFlowGraph(NODE_COUNT, EDGE_COUNT, metric.id);
    const flow = await createFlow(
      { workspaceId: server.workspaceId, name: `Canvas ${NODE_COUNT}`, graph, userId: owner.id },
      prisma,
    );

    const saves: number[] = [];
    let revision = (await prisma.flow.findUniqueOrThrow({ where: { id: flow.id } })).draftRevision;
    for (let index = 0; index < 20; index += 1) {
      const moved = {
        ...graph,
        nodes: graph.nodes.map((node) => ({
          ...node,
          position: { x: node.position.x + index, y: node.position.y },
        })),
      };
      const started = performance.now();
      const saved = await saveDraft(
        {
          workspaceId: server.workspaceId,
          flowId: flow.id,
          graph: moved,
          expectedRevision: revision,
          userId: owner.id,
        },
        prisma,
      );
      saves.push(performance.now() - started);
      revision = saved.revision;
    }
    const runs: TOpenResult[] = [];
    for (let index = 0; index < REPEAT; index += 1) {
      // Every run opens the same layout (the previous run's drags were autosaved).
      const current = await prisma.flow.findUniqueOrThrow({ where: { id: flow.id } });
      await saveDraft(
        {
          workspaceId: server.workspaceId,
          flowId: flow.id,
          graph,
          expectedRevision: current.draftRevision,
          userId: owner.id,
        },
        prisma,
      );
      const result = await measureOpenAndDrag(browser, server.baseUrl, owner.email, flow.id);
      console.log(
        `run ${index + 1}: open → first drag ${result.openMs} ms (harness wall clock ${result.wallMs} ms); drag frames p50 ${result.frameP50.toFixed(1)} ms, p95 ${result.frameP95.toFixed(1)} ms (${result.frames} frames)`,
      );
      runs.push(result);
    }
    const summary = {
      date: new Date().toISOString(),
      machine: machineDescription(),
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      openToFirstDragMs: median(runs.map((run) => run.openMs)),
      openToFirstDragWallMs: median(runs.map((run) => run.wallMs)),
      dragFrameP50Ms: median(runs.map((run) => run.frameP50)),
      dragFrameP95Ms: median(runs.map((run) => run.frameP95)),
      autosaveMedianMs: median(saves),
      autosaveMaxMs: Math.max(...saves),
      runs,
    };
    console.log(JSON.stringify(summary, null, 2));
    writeFileSync(path.resolve("bench/results/canvas.json"), `${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

// Run only as a script (bench/canvas-profile-style tools import largeFlowGraph).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();

/**
 * bench:code-python — the Python runtime's cold start and warm latency, through the real runtime
 * (runner processes from the memory snapshot, permission model, namespaces where available).
 *   cold start: runner spawn → ready (snapshot restore included), one runner at a time;
 *   boot CPU: the CPU time the runner used to get there (what the machine's load cannot inflate);
 *   new workspace: first call of a workspace that has no runner, served by a warm spare;
 *   first call: createPythonRuntime() → first result (snapshot cached);
 *   warm: one trivial handler, same workspace and version, sequential calls.
 * Every figure is the median of REPEATS runs. Usage: npx tsx bench/code-python.ts
 */
import os from "node:os";
import { createPythonRuntime } from "@/lib/code/runtime/python";
import { createRecordingBridge, runPython } from "@/lib/code/runtime/python/python-test-support";

const REPEATS = Number(process.env.REPEATS ?? 3);
const WARM_CALLS = Number(process.env.WARM_CALLS ?? 300);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
};

const HANDLER =
  "def handler(event, profile, context):\n    return {'id': event['id'], 'email': profile['email']}\n";

async function coldStart(): Promise<{
  bootMs: number;
  bootCpuMs: number;
  firstCallMs: number;
  newWorkspaceMs: number;
}> {
  const startedAt = performance.now();
  const runtime = createPythonRuntime({ warmRunners: 1, maxRunners: 2 });
  const result = await runPython(runtime, HANDLER, { event: { id: 1 }, workspaceId: "ws-first" });
  const firstCallMs = performance.now() - startedAt;
  if (result.status !== "ok") throw new Error(`cold call failed: ${JSON.stringify(result.error)}`);
  await runtime.warmUp(); // the refilled spare is ready
  const handOverAt = performance.now();
  await runPython(runtime, HANDLER, { event: { id: 2 }, workspaceId: "ws-second" });
  const newWorkspaceMs = performance.now() - handOverAt;
  const { bootTimesMs, bootCpuMs } = runtime.describe();
  await runtime.close();
  return {
    bootMs: bootTimesMs[0] ?? Number.NaN,
    bootCpuMs: bootCpuMs[0] ?? Number.NaN,
    firstCallMs,
    newWorkspaceMs,
  };
}

async function warm(): Promise<{ p50: number; p95: number }> {
  const runtime = createPythonRuntime({ warmRunners: 1, maxRunners: 2 });
  await runtime.warmUp();
  const bridge = createRecordingBridge();
  const timings: number[] = [];
  for (let i = 0; i < WARM_CALLS + 20; i++) {
    const startedAt = performance.now();
    const result = await runPython(runtime, HANDLER, { event: { id: i }, cacheKey: "bench-version", bridge });
    if (result.status !== "ok") throw new Error(`warm call failed: ${JSON.stringify(result.error)}`);
    if (i >= 20) timings.push(performance.now() - startedAt);
  }
  await runtime.close();
  return { p50: percentile(timings, 0.5), p95: percentile(timings, 0.95) };
}

const snapshotRuntime = createPythonRuntime({ warmRunners: 0 });
await snapshotRuntime.warmUp(); // makes the snapshot once if missing (not part of the figures)
console.log(
  `isolation: ${snapshotRuntime.describe().isolation}; load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
await snapshotRuntime.close();

const colds: Awaited<ReturnType<typeof coldStart>>[] = [];
const warms: Awaited<ReturnType<typeof warm>>[] = [];
const ms = (value: number | undefined, digits = 0) => (value ?? Number.NaN).toFixed(digits);
for (let repeat = 0; repeat < REPEATS; repeat++) {
  const cold = await coldStart();
  const hot = await warm();
  colds.push(cold);
  warms.push(hot);
  console.log(
    `repeat ${repeat + 1}: boot ${ms(cold.bootMs)} ms (CPU ${ms(cold.bootCpuMs)} ms), ` +
      `new workspace on a spare ${ms(cold.newWorkspaceMs, 1)} ms, first call ${ms(cold.firstCallMs)} ms, ` +
      `warm p50 ${ms(hot.p50, 2)} ms, p95 ${ms(hot.p95, 2)} ms`,
  );
}
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
console.log(
  `median of ${REPEATS}: cold start (spawn → ready) ${ms(median(colds.map((c) => c.bootMs)))} ms ` +
    `(CPU ${ms(median(colds.map((c) => c.bootCpuMs)))} ms); ` +
    `new workspace's first call on a warm spare ${ms(median(colds.map((c) => c.newWorkspaceMs)), 1)} ms; ` +
    `first call on a new runtime ${ms(median(colds.map((c) => c.firstCallMs)))} ms; ` +
    `warm p50 ${ms(median(warms.map((w) => w.p50)), 2)} ms, p95 ${ms(median(warms.map((w) => w.p95)), 2)} ms ` +
    `(targets: warm p50 < 2 ms, cold < 1000 ms); load average after: ${load()}`,
);

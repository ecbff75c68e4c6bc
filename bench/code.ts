// `npm run bench:code [-- --repeat 3 --warm 5000 --cold 200 --throughput 20000 --concurrency 8 --python 200]`
// Code-function invocation through createCodeRuntime, as the engine calls it (compiled once at
// "save", then invoke(request, bridge)), without the product layer or the database:
// - JavaScript cold: a new cacheKey per call, so each one builds an isolate, a context and the
//   module (the first call of a function version after a deploy or a runner restart).
// - JavaScript warm: the same function version again and again, one at a time (its warm isolate).
// - JavaScript throughput: the same function, `--concurrency` invocations in flight.
// - Python (when lib/code/runtime/python exists): cold start of the runtime (first invocation,
//   snapshot and runner boot included) and warm latency.
// Latency is measured around invoke() in this process: it includes the IPC round trip to the
// runner. Each figure is the median of --repeat rounds; every round uses a fresh runtime.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { compileJavaScript } from "@/lib/code/compile";
import { createCodeRuntime } from "@/lib/code/runtime";
import {
  DEFAULT_LIMITS,
  type ICodeRuntime,
  type IHostBridge,
  type TCodeLanguage,
  type TInvocationRequest,
} from "@/lib/code/runtime/types";
import { machineDescription, median } from "./lib/bench-server";

const { values } = parseArgs({
  options: {
    repeat: { type: "string", default: "3" },
    warm: { type: "string", default: "5000" },
    cold: { type: "string", default: "200" },
    throughput: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "8" },
    python: { type: "string", default: "200" },
  },
});
const REPEAT = Number(values.repeat);
const WARM = Number(values.warm);
const COLD = Number(values.cold);
const THROUGHPUT = Number(values.throughput);
const CONCURRENCY = Number(values.concurrency);
const PYTHON_WARM = Number(values.python);

const JS_SOURCE =
  "export default async function (event, profile) {\n  return { ok: true, n: event.n, email: profile.email };\n}\n";
const PYTHON_SOURCE = 'def handler(event, profile, context):\n    return {"ok": True, "n": event["n"]}\n';

const bridge: IHostBridge = {
  fetch: async () => Promise.reject(new Error("no fetch in the benchmark")),
  sdk: async () => null,
};

let sequence = 0;
function request(language: TCodeLanguage, code: string, cacheKey: string): TInvocationRequest {
  sequence++;
  return {
    invocationId: `bench-${sequence}`,
    language,
    code,
    cacheKey,
    workspaceId: "bench-workspace",
    functionId: "bench-function",
    versionId: null,
    runId: null,
    event: { n: sequence },
    profile: { email: "bench@example.com" },
    env: {},
    limits: DEFAULT_LIMITS,
  };
}

async function invokeOrThrow(runtime: ICodeRuntime, invocation: TInvocationRequest): Promise<number> {
  const started = performance.now();
  const result = await runtime.invoke(invocation, bridge);
  const elapsed = performance.now() - started;
  if (result.status !== "ok")
    throw new Error(`${invocation.language} invocation failed: ${JSON.stringify(result.error)}`);
  return elapsed;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

type TRound = Record<string, number>;

async function javascriptRound(code: string): Promise<TRound> {
  const runtime = createCodeRuntime();
  try {
    await invokeOrThrow(runtime, request("javascript", code, "bench-warm")); // starts the runner
    const cold: number[] = [];
    for (let index = 0; index < COLD; index++) {
      cold.push(await invokeOrThrow(runtime, request("javascript", code, `bench-cold-${sequence}`)));
    }
    for (let index = 0; index < 200; index++)
      await invokeOrThrow(runtime, request("javascript", code, "bench-warm"));
    const warm: number[] = [];
    for (let index = 0; index < WARM; index++) {
      warm.push(await invokeOrThrow(runtime, request("javascript", code, "bench-warm")));
    }
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (issued < THROUGHPUT) {
          issued++;
          await invokeOrThrow(runtime, request("javascript", code, "bench-throughput"));
        }
      }),
    );
    const throughput = THROUGHPUT / ((performance.now() - started) / 1000);
    return {
      jsColdP50: percentile(cold, 50),
      jsColdP99: percentile(cold, 99),
      jsWarmP50: percentile(warm, 50),
      jsWarmP99: percentile(warm, 99),
      jsThroughput: throughput,
    };
  } finally {
    await runtime.close();
  }
}

async function pythonRound(): Promise<TRound | null> {
  const runtime = createCodeRuntime();
  try {
    const started = performance.now();
    const first = await runtime.invoke(request("python", PYTHON_SOURCE, "bench-python"), bridge);
    if (first.status === "error" && first.error?.name === "RuntimeUnavailable") return null;
    if (first.status !== "ok") throw new Error(`python invocation failed: ${JSON.stringify(first.error)}`);
    const coldStart = performance.now() - started;
    for (let index = 0; index < 20; index++)
      await invokeOrThrow(runtime, request("python", PYTHON_SOURCE, "bench-python"));
    const warm: number[] = [];
    for (let index = 0; index < PYTHON_WARM; index++) {
      warm.push(await invokeOrThrow(runtime, request("python", PYTHON_SOURCE, "bench-python")));
    }
    return { pyColdStart: coldStart, pyWarmP50: percentile(warm, 50), pyWarmP99: percentile(warm, 99) };
  } finally {
    await runtime.close();
  }
}

async function main() {
  const compiled = await compileJavaScript(JS_SOURCE);
  if (compiled.errors.length > 0) throw new Error(JSON.stringify(compiled.errors));
  const rounds: TRound[] = [];
  for (let round = 1; round <= REPEAT; round++) {
    const js = await javascriptRound(compiled.code);
    const python = PYTHON_WARM > 0 ? await pythonRound() : null;
    const figures = { ...js, ...python };
    rounds.push(figures);
    console.log(`round ${round}: ${format(figures)}`);
  }
  const keys = Object.keys(rounds[0] ?? {});
  const medians = Object.fromEntries(
    keys.map((key) => [key, median(rounds.map((round) => round[key] as number))]),
  );
  const machine = machineDescription();
  const date = new Date().toISOString();
  console.log(`\nmedian of ${REPEAT} rounds (${date}; ${machine}):\n${format(medians)}`);
  console.log(
    `targets: JS warm p50 < 1 ms (${pass((medians.jsWarmP50 ?? Infinity) < 1)}), p99 < 5 ms (${pass((medians.jsWarmP99 ?? Infinity) < 5)}), throughput > 5,000/s (${pass((medians.jsThroughput ?? 0) > 5000)})`,
  );
  const resultsDir = path.join(import.meta.dirname, "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `code-${Date.now()}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date,
        machine,
        options: { REPEAT, WARM, COLD, THROUGHPUT, CONCURRENCY, PYTHON_WARM },
        rounds,
        medians,
      },
      null,
      2,
    ),
  );
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}

function format(figures: TRound): string {
  return Object.entries(figures)
    .map(
      ([key, value]) =>
        `${key} ${key.endsWith("Throughput") ? `${Math.round(value)}/s` : `${value.toFixed(3)} ms`}`,
    )
    .join(", ");
}

function pass(isMet: boolean): string {
  return isMet ? "met" : "NOT met";
}

await main();
// Runner processes the runtimes left behind (if any) must not keep the benchmark alive.
process.exit(0);

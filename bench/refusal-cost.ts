// `npx tsx bench/refusal-cost.ts [-- --rate 6000 --seconds 10]`
// What one overload refusal costs the web process, against the floor: the same load (Create
// Event POSTs from autocannon, 1,024 connections, a fixed rate) on a server process that
// (a) answers every request through `refuseOverloadedIngestion` with its gate shut (limit 0), and
// (b) a bare node:http server writing the same 503 bytes with no check at all. The difference is
// what the fast path adds; (b) is node:http's own cost per request (parse, objects, one write),
// which no refusal in this process can go below. CPU from /proc (neighbour-independent).
// Why: during a 10× burst (bench/burst.ts) the web process spends a large share of its CPU on
// refusals, so that share bounds what it can accept meanwhile.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { parseArgs } from "node:util";
import { runEventLoad } from "./lib/event-load";
import { startCpuMonitor } from "./lib/process-cpu";

const [, , role, mode, portText] = process.argv;

if (role === "serve") {
  const { IngestAdmission } = await import("@/lib/ingestion/ingest-admission");
  const { refuseOverloadedIngestion } = await import("@/lib/http/refuse-overloaded");
  // Gates that refuse everything, without the app's environment (no database needed).
  (globalThis as { hookflowIngestAdmission?: unknown }).hookflowIngestAdmission = {
    single: new IngestAdmission("events", 0),
    bulk: new IngestAdmission("event-bulk-create-jobs", 0),
  };
  const body = JSON.stringify({ errors: [{ id: crypto.randomUUID(), status: "503" }] });
  const server = http.createServer((incoming, outgoing) => {
    if (mode === "fast-path") {
      if (!refuseOverloadedIngestion(incoming, outgoing)) outgoing.writeHead(404).end();
      return;
    }
    outgoing.writeHead(503, ["content-type", "application/vnd.api+json", "retry-after", "1"]);
    outgoing.end(body);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(portText), "127.0.0.1", () => console.log("listening"));
} else {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { rate: { type: "string", default: "6000" }, seconds: { type: "string", default: "10" } },
  });
  for (const serverMode of ["bare", "fast-path", "bare", "fast-path"]) {
    const port = 3290;
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", import.meta.filename, "serve", serverMode, String(port)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
    const monitor = startCpuMonitor({ server: () => [child.pid ?? 0], loadGenerator: () => [process.pid] });
    const result = await runEventLoad({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: "unused",
      prefix: serverMode,
      connections: 1024,
      durationSeconds: Number(values.seconds),
      rate: Number(values.rate),
    });
    const cpu = monitor.stop();
    const answered = result.refused.size;
    console.log(
      JSON.stringify({
        mode: serverMode,
        answered503: answered,
        other: result.sent - answered,
        perSecond: Math.round(answered / result.durationSeconds),
        serverCpuSeconds: cpu.cpuSeconds.server,
        serverMicrosecondsPer503: Math.round(((cpu.cpuSeconds.server ?? 0) * 1e6) / Math.max(1, answered)),
        loadGeneratorCpuSeconds: cpu.cpuSeconds.loadGenerator,
        loadAverage: cpu.loadAverage,
      }),
    );
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

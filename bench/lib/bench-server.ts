import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApiKey } from "@/lib/api-keys/manage-api-keys";
import { ensureLocalSecrets } from "@/lib/config/local-secrets";
import { ensureDatabase, migrateDeploy } from "@/lib/db/bootstrap";
import { clusterDirFor } from "@/lib/db/embedded-postgres";
import { createDatabase, type Database } from "@/lib/db/prisma";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type BenchServer = {
  baseUrl: string;
  databaseUrl: string;
  /** The generated AUTH_SECRET / HOOKFLOW_APP_KEY / CRON_SECRET the server runs with. */
  secrets: Record<string, string>;
  apiKey: string;
  workspaceId: string;
  database: Database;
  /** The web process and the PostgreSQL postmaster (for CPU accounting: bench/lib/process-cpu.ts). */
  pids: { server: number; postgres: number | null };
  stop: () => Promise<void>;
};

/**
 * A production Hookflow (the `next build` output) on a fresh embedded PostgreSQL of its own, with
 * one workspace and a full-access key: what a benchmark measures is the product as shipped.
 */
export async function startBenchServer(options: {
  port: number;
  name: string;
  env?: Record<string, string>;
}): Promise<BenchServer> {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("run `npm run build` first");
  const dataDir = path.join(ROOT, ".data", `bench-${options.name}`);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(clusterDirFor(path.join(dataDir, "postgres")), { recursive: true, force: true });
  const handle = await ensureDatabase({ dataDir, log: () => {} });
  await migrateDeploy(handle.url, { quiet: true });
  const database = createDatabase(handle.url, 4);
  const owner = await database.prisma.user.create({
    data: { email: `bench-${options.name}@example.com`, name: "Bench", passwordHash: "-" },
  });
  const workspace = await createWorkspace({ name: `Bench ${options.name}`, owner }, database.prisma);
  const key = await createApiKey(
    { workspaceId: workspace.id, createdById: owner.id, input: { name: "bench", scope: "full" } },
    database.prisma,
  );
  const secrets = ensureLocalSecrets(dataDir, {});
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") runs the server with
  // those Node flags, through tsx's loader rather than its CLI (which does not pass them on).
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const server: ChildProcess = spawn(
    process.execPath,
    nodeArgs.length > 0
      ? [...nodeArgs, "--import", "tsx", "server/main.ts"]
      : [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "server/main.ts"],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        ...secrets,
        PORT: String(options.port),
        DATABASE_URL: handle.url,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        ...options.env,
      },
    },
  );
  const baseUrl = `http://127.0.0.1:${options.port}`;
  await waitForHealth(`${baseUrl}/api/health`, 60_000);
  return {
    baseUrl,
    databaseUrl: handle.url,
    secrets,
    apiKey: key.key,
    workspaceId: workspace.id,
    database,
    pids: { server: server.pid ?? 0, postgres: postmasterPid(handle.server?.dataDir) },
    stop: async () => {
      // Already gone when a fault bench killed it (its 'exit' was emitted then).
      if (server.exitCode === null && server.signalCode === null) {
        server.kill("SIGTERM");
        await new Promise((resolve) => server.once("exit", resolve));
      }
      await database.prisma.$disconnect();
      await database.pool.end();
      await handle.stop();
    },
  };
}

/** postmaster.pid's first line is the postmaster's pid (PostgreSQL's lock-file layout). */
function postmasterPid(dataDir: string | undefined): number | null {
  if (!dataDir) return null;
  try {
    const pid = Number.parseInt(
      readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0] ?? "",
      10,
    );
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

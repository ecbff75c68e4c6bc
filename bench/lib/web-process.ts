import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The production web process (server/main.ts) started directly under node with tsx's loader, so
 * its pid is the server's own (kill -9 reaches it; tsx's CLI would leave a child running).
 * Output goes to `logFile` when given (the fault benches grep it for the errors logged).
 */
export async function spawnWebProcess(options: {
  port: number;
  databaseUrl: string;
  secrets: Record<string, string>;
  logFile?: string;
  env?: Record<string, string>;
}): Promise<ChildProcess> {
  const output = options.logFile ? openSync(options.logFile, "a") : "ignore";
  const child = spawn(process.execPath, ["--no-warnings", "--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    stdio: ["ignore", output, output],
    env: {
      ...process.env,
      ...options.secrets,
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOOKFLOW_WORKER: "0",
      ...options.env,
    },
  });
  await waitForHealth(`http://127.0.0.1:${options.port}/api/health`, 90_000);
  return child;
}

export async function waitForHealth(url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EMPTY_ENV } from "./sandbox-command";

/**
 * The Pyodide memory snapshot every runner starts from (0.5–0.6 s instead of 3–4.5 s for a full
 * boot). Made once by a trusted run of the child entry (no user code), keyed by the Pyodide
 * version and the child's sources so an upgrade or an edit makes a new one, and written
 * world-readable because runners read it as `nobody`.
 */
const PYTHON_SOURCES = [
  "hookflow_runner.py",
  "hookflow/__init__.py",
  "hookflow/_bridge.py",
  "hookflow/http.py",
];
const inFlight = new Map<string, Promise<string>>();

export function snapshotPathFor(options: {
  snapshotDir: string;
  pyodideDir: string;
  childDir: string;
}): string {
  const hash = createHash("sha256");
  hash.update(fs.readFileSync(path.join(options.pyodideDir, "package.json")));
  hash.update(fs.readFileSync(path.join(options.childDir, "python-child.mjs")));
  // The runner and the SDK are imported before the snapshot is taken, so they are part of it.
  const pythonDir = path.join(options.childDir, "python");
  for (const relative of PYTHON_SOURCES) hash.update(fs.readFileSync(path.join(pythonDir, relative)));
  return path.join(options.snapshotDir, `pyodide-${hash.digest("hex").slice(0, 16)}.snapshot`);
}

export function ensureSnapshot(options: {
  snapshotDir: string;
  pyodideDir: string;
  childDir: string;
}): Promise<string> {
  const snapshotDir = writableDirOrTemp(options.snapshotDir);
  const file = snapshotPathFor({ ...options, snapshotDir });
  if (fs.existsSync(file)) return Promise.resolve(file);
  const running = inFlight.get(file);
  if (running) return running;
  const making = makeSnapshot(file, { ...options, snapshotDir }).finally(() => inFlight.delete(file));
  inFlight.set(file, making);
  return making;
}

/** A read-only deployment (no writable `.data/`) keeps its snapshot in the temp directory. */
function writableDirOrTemp(preferred: string): string {
  try {
    fs.mkdirSync(preferred, { recursive: true, mode: 0o755 });
    fs.accessSync(preferred, fs.constants.W_OK);
    return preferred;
  } catch {
    return path.join(os.tmpdir(), "hookflow-pyodide");
  }
}

async function makeSnapshot(
  file: string,
  options: { snapshotDir: string; pyodideDir: string; childDir: string },
) {
  fs.mkdirSync(options.snapshotDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(options.snapshotDir, 0o755);
  const entry = path.join(options.childDir, "python-child.mjs");
  const child = spawn(
    process.execPath,
    [entry, "--pyodide-dir", options.pyodideDir, "--make-snapshot", file],
    {
      env: EMPTY_ENV,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0 || !fs.existsSync(file)) {
    throw new Error(`making the Pyodide snapshot failed (exit ${code}): ${stderr.trim()}`);
  }
  removeStaleSnapshots(options.snapshotDir, file);
  return file;
}

/** Snapshots of an older Pyodide or runner are 30 MB each and never read again. */
function removeStaleSnapshots(dir: string, current: string) {
  for (const name of fs.readdirSync(dir)) {
    const stale = path.join(dir, name);
    if (/^pyodide-[0-9a-f]{16}\.snapshot$/.test(name) && stale !== current) fs.rmSync(stale, { force: true });
  }
}

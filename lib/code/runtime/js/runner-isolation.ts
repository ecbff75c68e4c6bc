import { spawnSync } from "node:child_process";

// The OS-level wrapping of the JavaScript runner, a third layer behind isolated-vm and Node's
// permission model: its own network namespace (no interface but a down loopback, so even an
// escape into the runner cannot reach PostgreSQL, 127.0.0.1 or a metadata address) and PID
// namespace (it cannot signal the host or the database), as `nobody` when the host is root.
// The same candidates as the Python runtime's (lib/code/runtime/python/sandbox-command.ts).
//
// Measured here (root in a container): `unshare … --setuid 65534` works, ~5 ms per probe. Two
// traps, both handled in runner-process.ts: --kill-child does not reach the runner once unshare
// has changed credentials (the kernel clears the parent-death signal on setuid), so killing
// unshare orphans the runner — the runner is started in its own process group and the whole
// group is killed; and the runner is PID 1 of its namespace, which ignores SIGTERM: SIGKILL only.

export type TRunnerIsolation = "namespaces-nobody" | "namespaces-userns" | "none";

const NOBODY = "65534";
const CANDIDATES: { isolation: TRunnerIsolation; prefix: string[] }[] = [
  {
    isolation: "namespaces-nobody",
    prefix: ["unshare", "--net", "--pid", "--fork", "--kill-child", "--setuid", NOBODY, "--setgid", NOBODY],
  },
  {
    isolation: "namespaces-userns",
    prefix: ["unshare", "--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child"],
  },
];

const detected = new Map<string, { isolation: TRunnerIsolation; prefix: string[] }>();

/**
 * Node, run inside a candidate wrapping, checks it can read each path given: as `nobody` the
 * runner cannot start from a checkout below a folder only root may enter (e.g. `mktemp -d`), and
 * the next candidate is used instead.
 */
export const READABLE_PROBE = [
  "-e",
  'const fs = require("node:fs"); for (const file of process.argv.slice(1)) fs.accessSync(file, fs.constants.R_OK);',
];

/**
 * The strongest wrapping that works on this machine and can read `readablePaths` (the runner's
 * files), probed once per process.
 */
export function detectRunnerIsolation(readablePaths: string[] = []): {
  isolation: TRunnerIsolation;
  prefix: string[];
} {
  const key = readablePaths.join("\n");
  const known = detected.get(key);
  if (known) return known;
  let chosen: { isolation: TRunnerIsolation; prefix: string[] } = { isolation: "none", prefix: [] };
  if (process.platform === "linux" && process.env.HOOKFLOW_JS_RUNNER_ISOLATION !== "none") {
    for (const candidate of CANDIDATES) {
      const [command = "unshare", ...args] = candidate.prefix;
      const probe = spawnSync(
        /*turbopackIgnore: true*/ command,
        [...args, process.execPath, ...READABLE_PROBE, ...readablePaths],
        {
          stdio: "ignore",
          timeout: 5_000,
        },
      );
      if (probe.status === 0) {
        chosen = candidate;
        break;
      }
    }
  }
  detected.set(key, chosen);
  return chosen;
}

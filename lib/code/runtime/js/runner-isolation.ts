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

let detected: { isolation: TRunnerIsolation; prefix: string[] } | null = null;

/** The strongest wrapping that works on this machine, probed once per process. */
export function detectRunnerIsolation(): { isolation: TRunnerIsolation; prefix: string[] } {
  if (detected) return detected;
  detected = { isolation: "none", prefix: [] };
  if (process.platform === "linux" && process.env.HOOKFLOW_JS_RUNNER_ISOLATION !== "none") {
    for (const candidate of CANDIDATES) {
      const [command = "unshare", ...args] = candidate.prefix;
      const probe = spawnSync(/*turbopackIgnore: true*/ command, [...args, "true"], {
        stdio: "ignore",
        timeout: 5_000,
      });
      if (probe.status === 0) {
        detected = candidate;
        break;
      }
    }
  }
  return detected;
}

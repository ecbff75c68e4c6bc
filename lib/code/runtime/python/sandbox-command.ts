import { spawnSync } from "node:child_process";
import { READABLE_PROBE } from "../js/runner-isolation";

/**
 * How a Python runner is wrapped at the OS level. Measured on the development machine (root in a
 * container): `unshare --net --pid --fork --kill-child` + `setpriv --reuid 65534` works and costs
 * ~5 ms per spawn; inside it a connect to 127.0.0.1:55432 fails with ENETUNREACH, the
 * runner is PID 1 of its own namespace (it cannot signal the host or PostgreSQL) and runs as
 * `nobody`. Without root, `--user --map-root-user` gives the same network and PID namespaces if
 * the kernel allows unprivileged user namespaces. Where neither works, the runner has the network
 * of the host and can signal processes of the same user: only Node's permission model and the
 * empty environment remain (see docs in ./index.ts).
 */
export type TSandboxIsolation = "namespaces-nobody" | "namespaces-userns" | "none";

export type TSandboxCommand = { isolation: TSandboxIsolation; prefix: string[] };

const NOBODY = "65534";
/**
 * `setpriv --pdeathsig KILL` on both sides of unshare: the runner dies with the host even while
 * guest code spins (an orphaned runner would otherwise loop forever). The inner one comes after
 * the uid change, which clears a parent-death signal set before it.
 */
const DIE_WITH_PARENT = ["setpriv", "--pdeathsig", "KILL"];

const CANDIDATES: TSandboxCommand[] = [
  {
    isolation: "namespaces-nobody",
    prefix: [
      ...DIE_WITH_PARENT,
      ...["unshare", "--net", "--pid", "--fork", "--kill-child"],
      ...["setpriv", "--reuid", NOBODY, "--regid", NOBODY, "--clear-groups", "--pdeathsig", "KILL"],
    ],
  },
  {
    isolation: "namespaces-userns",
    prefix: [
      ...DIE_WITH_PARENT,
      ...["unshare", "--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child"],
      ...DIE_WITH_PARENT,
    ],
  },
  { isolation: "none", prefix: DIE_WITH_PARENT },
];

/**
 * Runners start with no environment at all: no DATABASE_URL, no app key, no NODE_OPTIONS.
 * (Cast because Next's types declare NODE_ENV as always present.)
 */
export const EMPTY_ENV = {} as NodeJS.ProcessEnv;

const detected = new Map<string, TSandboxCommand>();

/**
 * The strongest wrapping that works here and can read `readablePaths` (Pyodide and the child's
 * files: as `nobody`, a checkout below a folder only root may enter cannot be read), probed once
 * per process (~30 ms each).
 */
export function detectSandboxCommand(readablePaths: string[] = []): TSandboxCommand {
  const key = readablePaths.join("\n");
  const known = detected.get(key);
  if (known) return known;
  let chosen: TSandboxCommand = { isolation: "none", prefix: [] };
  if (process.platform === "linux") {
    for (const candidate of CANDIDATES) {
      const [command = "setpriv", ...args] = candidate.prefix;
      const probe = spawnSync(command, [...args, process.execPath, ...READABLE_PROBE, ...readablePaths], {
        stdio: "ignore",
        timeout: 5_000,
      });
      if (probe.status === 0) {
        chosen = candidate;
        break;
      }
    }
  }
  detected.set(key, chosen);
  return chosen;
}

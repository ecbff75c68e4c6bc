import type { TCodeLanguage } from "@/lib/code/runtime/types";

// What an invocation reads of its function before running it: the function, its deployed
// version, its workspace's code limits and its secrets (still sealed), as one row.
export type TLoadedFunction = {
  id: string;
  workspace_id: string;
  name: string;
  language: TCodeLanguage;
  draft_source: string;
  settings: unknown;
  version_id: string | null;
  version_number: number | null;
  version_source: string | null;
  version_compiled: string | null;
  version_settings: unknown;
  workspace_code_limits: unknown;
  secrets: { name: string; ciphertext: string }[];
};

/** The select of TLoadedFunction rows, for a caller to end with its own `where` on `f`. */
export const LOADED_FUNCTION_SQL = `select f.id, f.workspace_id, f.name, f.language, f.draft_source, f.settings,
            w.code_limits as workspace_code_limits,
            v.id as version_id, v.number as version_number, v.source as version_source,
            v.compiled as version_compiled, v.settings as version_settings,
            (select coalesce(json_agg(json_build_object('name', s.name, 'ciphertext', s.ciphertext)), '[]')
             from secrets s where s.workspace_id = f.workspace_id and s.function_id = f.id) as secrets
     from code_functions f
     join workspaces w on w.id = f.workspace_id
     left join code_function_versions v on v.id = f.deployed_version_id`;

// Function rows read ahead for one code step each: the trigger job reads the functions of the
// code steps it creates and claims in the same statement that creates them (start-event-runs.ts),
// so their first round runs the code without a read of its own. Each is taken once, by that
// step's first invocation in this process; one never taken (the job died) expires.
const MAX_AGE_MS = 60_000;
const preloaded = new Map<string, { row: TLoadedFunction; at: number }>();

export function preloadFunction(stepId: string, row: TLoadedFunction): void {
  const now = Date.now();
  for (const [key, entry] of preloaded) {
    if (now - entry.at < MAX_AGE_MS) break;
    preloaded.delete(key);
  }
  preloaded.set(stepId, { row, at: now });
}

/** The row read ahead for this step, if it is this very function's (and fresh). */
export function takePreloadedFunction(
  stepId: string | undefined,
  functionId: string,
  workspaceId: string,
): TLoadedFunction | null {
  if (!stepId) return null;
  const entry = preloaded.get(stepId);
  if (!entry) return null;
  preloaded.delete(stepId);
  const { row } = entry;
  const isFresh = Date.now() - entry.at < MAX_AGE_MS;
  return isFresh && row.id === functionId && row.workspace_id === workspaceId ? row : null;
}

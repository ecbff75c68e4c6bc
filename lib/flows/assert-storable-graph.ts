import { findUnstorableText, pointerToPath } from "@/lib/api/find-json-path";
import { HookflowError } from "@/lib/errors";

/**
 * Refuses a graph holding text PostgreSQL's jsonb cannot store (NUL, unpaired surrogates), naming
 * the field: zod's strings accept them, and the write would fail as a 500 (found by test/fuzz).
 */
export function assertStorableGraph(graph: unknown): void {
  const pointer = findUnstorableText(graph);
  if (pointer === null) return;
  const path = pointerToPath(pointer);
  throw new HookflowError(
    "invalid",
    `The flow graph is invalid at ${path || "the top level"}: text may not contain the NUL character or unpaired UTF-16 surrogates`,
    { pointer: path || undefined },
  );
}

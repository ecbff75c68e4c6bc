import { findUnstorableText, pointerToPath } from "@/lib/api/find-json-path";
import { HookflowError } from "@/lib/errors";

/**
 * Refuses action input holding text PostgreSQL cannot store (NUL, unpaired surrogates) on the
 * field that holds it. zod's strings accept both and the write then failed with a generic error;
 * checking the parsed input once here covers every form (found by test/fuzz).
 */
export function assertStorableInput(input: unknown): void {
  const pointer = findUnstorableText(input);
  if (pointer === null) return;
  throw new HookflowError("invalid", "Text may not contain the NUL character or unpaired UTF-16 surrogates", {
    pointer: pointerToPath(pointer) || "form",
  });
}

import { compileJavaScript, type TCompileError } from "@/lib/code/compile";
import { findCodeFunctionOrThrow } from "@/lib/code/functions/find-code-function-or-throw";
import { settingsJson } from "@/lib/code/functions/settings-json";
import type { TCodeFunctionSettings } from "@/lib/code/functions/settings-schema";
import type { TCodeLanguage } from "@/lib/code/runtime/types";
import { type Db, prisma } from "@/lib/db/prisma";

/**
 * Compiles a draft the way deploy will: JavaScript through esbuild (syntax, the module allowlist,
 * the default export), errors with 1-based line/column for the editor's markers. Python is
 * checked when it runs (the Test tab): parsing it needs the Pyodide runtime.
 */
export async function checkSource(
  language: TCodeLanguage,
  source: string,
): Promise<{ compiled: string | null; errors: TCompileError[] }> {
  if (language === "python") return { compiled: null, errors: [] };
  const result = await compileJavaScript(source);
  return { compiled: result.errors.length === 0 ? result.code : null, errors: result.errors };
}

/**
 * Saves the editor's source (and settings, when given) as the draft — always, even when it does
 * not compile, so no work is lost — and answers the compile errors for the editor to mark.
 * A draft never changes what runs: only Deploy does.
 */
export async function saveCodeDraft(
  options: {
    workspaceId: string;
    functionId: string;
    source: string;
    settings?: TCodeFunctionSettings;
    userId: string | null;
  },
  db: Db = prisma,
): Promise<{ savedAt: Date; compileErrors: TCompileError[] }> {
  const codeFunction = await findCodeFunctionOrThrow(options, db);
  const check = await checkSource(codeFunction.language, options.source);
  const saved = await db.codeFunction.update({
    where: { id: codeFunction.id },
    data: {
      draftSource: options.source,
      ...(options.settings ? { settings: settingsJson(options.settings) } : {}),
      updatedById: options.userId,
    },
  });
  return { savedAt: saved.updatedAt, compileErrors: check.errors };
}

export async function updateCodeSettings(
  options: {
    workspaceId: string;
    functionId: string;
    settings: TCodeFunctionSettings;
    userId: string | null;
  },
  db: Db = prisma,
) {
  await findCodeFunctionOrThrow(options, db);
  const saved = await db.codeFunction.update({
    where: { id: options.functionId },
    data: { settings: settingsJson(options.settings), updatedById: options.userId },
  });
  return { savedAt: saved.updatedAt, settings: options.settings };
}

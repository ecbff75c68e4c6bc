import {
  findCodeFunctionOrThrow,
  findCodeVersionOrThrow,
} from "@/lib/code/functions/find-code-function-or-throw";
import { checkSource } from "@/lib/code/functions/save-code-draft";
import { settingsJson } from "@/lib/code/functions/settings-json";
import { readCodeSettings } from "@/lib/code/functions/settings-schema";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type TDeployedVersion = { versionId: string; number: number; deployedAt: Date };

/**
 * Deploy: the saved draft becomes the next numbered, immutable version (source, compiled code,
 * settings) and goes live — invocations from now on run it and record its id. Refused, with the
 * line and column, when the draft does not compile. The function row is locked so two deploys
 * get consecutive numbers.
 */
export async function deployCodeFunction(
  options: { workspaceId: string; functionId: string; userId: string | null },
  db: PrismaClient = prisma,
): Promise<TDeployedVersion> {
  const draft = await findCodeFunctionOrThrow(options, db);
  const check = await checkSource(draft.language, draft.draftSource);
  const first = check.errors[0];
  if (first) {
    throw new HookflowError(
      "invalid",
      `The draft does not compile (line ${first.line}, column ${first.column}: ${first.message}); fix it, save, then deploy`,
      { pointer: "source" },
    );
  }
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ draft_source: string; settings: unknown }[]>`
      select draft_source, settings from code_functions where id = ${draft.id}::uuid for update`;
    const current = locked[0];
    if (!current) throw new HookflowError("not_found", "Code function was not found");
    // Compiled above from what we read first; if the draft changed meanwhile, deploy what is saved now.
    const compiled =
      current.draft_source === draft.draftSource
        ? check.compiled
        : (await checkSource(draft.language, current.draft_source)).compiled;
    if (draft.language === "javascript" && compiled === null) {
      throw new HookflowError(
        "conflict",
        "The draft changed while deploying and no longer compiles: try again",
      );
    }
    const last = await tx.codeFunctionVersion.aggregate({
      where: { functionId: draft.id },
      _max: { number: true },
    });
    const version = await tx.codeFunctionVersion.create({
      data: {
        workspaceId: options.workspaceId,
        functionId: draft.id,
        number: (last._max.number ?? 0) + 1,
        source: current.draft_source,
        compiled,
        settings: settingsJson(readCodeSettings(current.settings)),
        createdById: options.userId,
      },
    });
    const deployed = await tx.codeFunction.update({
      where: { id: draft.id },
      data: {
        deployedVersionId: version.id,
        status: "deployed",
        deployedAt: new Date(),
        updatedById: options.userId,
      },
    });
    return { versionId: version.id, number: version.number, deployedAt: deployed.deployedAt! };
  });
}

/** Makes an earlier version live again (no new number: the version is the same immutable code). */
export async function redeployCodeVersion(
  options: { workspaceId: string; functionId: string; versionId: string; userId: string | null },
  db: PrismaClient = prisma,
): Promise<TDeployedVersion> {
  await findCodeFunctionOrThrow(options, db);
  const version = await findCodeVersionOrThrow(options, db);
  const deployed = await db.codeFunction.update({
    where: { id: options.functionId },
    data: {
      deployedVersionId: version.id,
      status: "deployed",
      deployedAt: new Date(),
      updatedById: options.userId,
    },
  });
  return { versionId: version.id, number: version.number, deployedAt: deployed.deployedAt! };
}

import { findCodeFunctionOrThrow } from "@/lib/code/functions/find-code-function-or-throw";
import { settingsJson } from "@/lib/code/functions/settings-json";
import {
  DEFAULT_CODE_SETTINGS,
  readCodeSettings,
  type TCodeFunctionSettings,
} from "@/lib/code/functions/settings-schema";
import { CODE_TEMPLATE_TOPICS, type TCodeTemplate, templateSource } from "@/lib/code/functions/templates";
import type { TCodeLanguage } from "@/lib/code/runtime/types";
import { type Db, prisma } from "@/lib/db/prisma";

const TEMPLATE_SETTINGS: Record<TCodeTemplate, TCodeFunctionSettings> = {
  blank: DEFAULT_CODE_SETTINGS,
  "locale-write-back": {
    ...DEFAULT_CODE_SETTINGS,
    outputs: [{ name: "locale", type: "string", default: "" }],
  },
};

/**
 * A new function (a draft: nothing runs until it is deployed), blank or from a template. A
 * template meant for a metric is subscribed to it when the workspace has that metric.
 */
export async function createCodeFunction(
  options: {
    workspaceId: string;
    name: string;
    language: TCodeLanguage;
    template: TCodeTemplate;
    userId: string | null;
  },
  db: Db = prisma,
) {
  const metrics = await db.metric.findMany({
    where: { workspaceId: options.workspaceId, name: { in: [...CODE_TEMPLATE_TOPICS[options.template]] } },
    select: { id: true },
  });
  return db.codeFunction.create({
    data: {
      workspaceId: options.workspaceId,
      name: options.name,
      language: options.language,
      draftSource: templateSource(options.template, options.language),
      settings: settingsJson(TEMPLATE_SETTINGS[options.template]),
      createdById: options.userId,
      updatedById: options.userId,
      topics: { create: metrics.map((metric) => ({ metricId: metric.id })) },
    },
  });
}

/**
 * A copy of the function's draft, settings and topics, as a new draft named "… (copy)".
 * Environment variables are not copied: they are secrets, and the copy may be shared differently.
 */
export async function duplicateCodeFunction(
  options: { workspaceId: string; functionId: string; userId: string | null },
  db: Db = prisma,
) {
  const source = await findCodeFunctionOrThrow(options, db);
  const topics = await db.codeFunctionTopic.findMany({
    where: { functionId: source.id },
    select: { metricId: true },
  });
  return db.codeFunction.create({
    data: {
      workspaceId: options.workspaceId,
      name: `${source.name} (copy)`.slice(0, 120),
      language: source.language,
      draftSource: source.draftSource,
      settings: settingsJson(readCodeSettings(source.settings)),
      createdById: options.userId,
      updatedById: options.userId,
      topics: { create: topics },
    },
  });
}

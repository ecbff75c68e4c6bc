import { z } from "zod";
import { readCodeSettings, type TCodeOutputType } from "@/lib/code/functions/settings-schema";
import { pool } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { ZWebhookConfig } from "@/lib/flows/graph-schema";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import type { TTemplateEvent, TTemplateProfile } from "@/lib/templating/template-scope";
import {
  renderWebhookRequest,
  type TRenderWebhookFailure,
  type TWebhookRequestTemplate,
} from "@/lib/webhooks/render-webhook-request";

// The flow editor's webhook preview: renders the node's (unsaved) body and headers against a real
// profile and one of its events, through the engine's own rendering (renderWebhookRequest), with
// secrets as •••• (never decrypted for a preview). Code outputs do not exist outside a run: the
// upstream code nodes' declared outputs get their defaults, else a sample value of their type.

export const ZWebhookSubjectInput = z.object({
  flowId: z.uuid("Unknown flow"),
  profileId: z.uuid("Choose a profile"),
  eventId: z.uuid("Unknown event").nullable().default(null),
  /** Code nodes upstream of the webhook: their outputs are in scope as outputs.<nodeId>.<name>. */
  upstreamCode: z
    .array(z.object({ nodeId: z.string().min(1).max(64), functionId: z.uuid().nullable() }))
    .max(100)
    .default([]),
});
export const ZWebhookPreviewInput = ZWebhookSubjectInput.extend({ config: ZWebhookConfig });
export type TWebhookPreviewInput = z.input<typeof ZWebhookPreviewInput>;

export type TPreviewSubject = {
  profile: TTemplateProfile;
  event: TTemplateEvent | null;
  outputs: Record<string, Record<string, unknown>>;
};

export type TWebhookPreview =
  | { ok: true; body: string; headers: Record<string, string> }
  | (Omit<TRenderWebhookFailure, "ok"> & { ok: false });

/** The profile (and event) of the workspace, or a not-found error naming the field. */
export async function loadPreviewSubject(
  options: z.output<typeof ZWebhookSubjectInput> & { workspaceId: string },
  db: TPgTx = pool(),
): Promise<TPreviewSubject> {
  const flows = await db.query("select 1 from flows where workspace_id = $1 and id = $2", [
    options.workspaceId,
    options.flowId,
  ]);
  if (flows.rows.length === 0)
    throw new HookflowError("not_found", "The flow was not found", { pointer: "flowId" });
  const profiles = await db.query<TTemplateProfile>(
    `select id, email, phone_number as "phoneNumber", external_id as "externalId", first_name as "firstName",
            last_name as "lastName", organization, title, locale, timezone, location, properties
     from profiles where workspace_id = $1 and id = $2`,
    [options.workspaceId, options.profileId],
  );
  const profile = profiles.rows[0];
  if (!profile) throw new HookflowError("not_found", "The profile was not found", { pointer: "profileId" });
  let event: TTemplateEvent | null = null;
  if (options.eventId) {
    const events = await db.query<TTemplateEvent & { value: string | null }>(
      `select m.name as "metricName", e.properties, e.time, e.unique_id as "uniqueId", e.value
       from events e join metrics m on m.id = e.metric_id
       where e.workspace_id = $1 and e.id = $2 and e.profile_id = $3`,
      [options.workspaceId, options.eventId, options.profileId],
    );
    const row = events.rows[0];
    if (!row) {
      throw new HookflowError("not_found", "The event was not found for this profile", {
        pointer: "eventId",
      });
    }
    event = { ...row, value: row.value === null ? null : Number(row.value) };
  }
  return { profile, event, outputs: await sampleOutputs(db, options.workspaceId, options.upstreamCode) };
}

const SAMPLE_BY_TYPE: Record<TCodeOutputType, unknown> = {
  string: "sample",
  number: 0,
  boolean: false,
  json: {},
};

async function sampleOutputs(
  db: TPgTx,
  workspaceId: string,
  upstream: readonly { nodeId: string; functionId: string | null }[],
): Promise<Record<string, Record<string, unknown>>> {
  const functionIds = [...new Set(upstream.flatMap((node) => (node.functionId ? [node.functionId] : [])))];
  if (functionIds.length === 0) return {};
  const rows = await db.query<{ id: string; settings: unknown }>(
    "select id, settings from code_functions where workspace_id = $1 and id = any($2::uuid[])",
    [workspaceId, functionIds],
  );
  const settingsById = new Map(rows.rows.map((row) => [row.id, readCodeSettings(row.settings)]));
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const node of upstream) {
    const settings = node.functionId ? settingsById.get(node.functionId) : undefined;
    if (!settings) continue;
    outputs[node.nodeId] = Object.fromEntries(
      settings.outputs.map((output) => [output.name, output.default ?? SAMPLE_BY_TYPE[output.type]]),
    );
  }
  return outputs;
}

/** Renders the webhook for the preview: pretty-printed JSON and headers as shown (secrets ••••). */
export async function previewWebhookRequest(
  options: { workspaceId: string; template: TWebhookRequestTemplate; subject: TPreviewSubject },
  db: TPgTx = pool(),
): Promise<TWebhookPreview> {
  const rendered = await renderWebhookRequest({
    db,
    workspaceId: options.workspaceId,
    template: options.template,
    ...options.subject,
    secrets: "mask",
  });
  if (!rendered.ok) return rendered;
  return {
    ok: true,
    body: JSON.stringify(rendered.request.json, null, 2),
    headers: rendered.request.storedHeaders,
  };
}

import type { TPgTx } from "@/lib/ingestion/pg-transaction";
import { loadWorkspaceSecrets } from "@/lib/secrets/load-workspace-secrets";
import { listSecretNames } from "@/lib/templating/list-secret-names";
import { maskSecrets, SECRET_MASK } from "@/lib/templating/mask-secrets";
import { renderJsonBody } from "@/lib/templating/render-json-body";
import { renderText } from "@/lib/templating/render-text";
import {
  buildTemplateScope,
  type TTemplateEvent,
  type TTemplateProfile,
} from "@/lib/templating/template-scope";

export type TWebhookRequestTemplate = {
  url: string;
  headers: readonly { name: string; value: string }[];
  body: string;
};

export type TRenderedWebhookRequest = {
  body: string;
  json: unknown;
  /** As sent (lower-case names, secrets in clear). */
  headers: Record<string, string>;
  /** As stored and shown: a value whose template reads a secret is masked whole. */
  storedHeaders: Record<string, string>;
  /** The decrypted secrets used (for maskSecrets); empty when secrets are masked. */
  secrets: Record<string, string>;
};

export type TRenderWebhookFailure = {
  ok: false;
  /** Where: "secrets", "body" or `header:<name>`. */
  part: string;
  message: string;
  line?: number;
  column?: number;
};

/**
 * Renders a flow webhook's headers and JSON body for one profile (and event, and upstream
 * outputs) — the one rendering path of the engine's webhook step, the editor's preview and its
 * "Send test". `secrets: "decrypt"` decrypts the secrets the templates name (the real send);
 * `"mask"` only checks they exist and renders them as •••• (the preview never decrypts).
 */
export async function renderWebhookRequest(options: {
  db: TPgTx;
  workspaceId: string;
  template: TWebhookRequestTemplate;
  profile: TTemplateProfile;
  event?: TTemplateEvent | null;
  outputs?: Record<string, Record<string, unknown>>;
  secrets: "decrypt" | "mask";
}): Promise<{ ok: true; request: TRenderedWebhookRequest } | TRenderWebhookFailure> {
  const { template } = options;
  const secretNames = readSecretNames([template.body, ...template.headers.map((header) => header.value)]);
  const wanted = secretNames.isDynamic ? null : secretNames.names;
  const secrets =
    options.secrets === "decrypt"
      ? await loadWorkspaceSecrets(options.db, options.workspaceId, wanted)
      : await existingSecretsMasked(options.db, options.workspaceId, wanted);
  const missing = secretNames.names.filter((name) => !(name in secrets));
  if (missing.length > 0) {
    return {
      ok: false,
      part: "secrets",
      message: `Secret ${missing.map((name) => `"${name}"`).join(", ")} is not defined in this workspace`,
    };
  }
  const scope = buildTemplateScope({
    profile: options.profile,
    event: options.event ?? null,
    outputs: options.outputs,
    secrets,
  });
  // An error message may quote the rendered output (invalid JSON, a line break in a header), which
  // holds decrypted secrets: masked before it is stored or shown.
  const body = await renderJsonBody(template.body, scope);
  if (!body.ok)
    return { ok: false, part: "body", ...body.error, message: maskSecrets(body.error.message, secrets) };
  const headers: Record<string, string> = {};
  const storedHeaders: Record<string, string> = {};
  for (const header of template.headers) {
    const rendered = await renderText(header.value, scope);
    if (!rendered.ok) {
      const message = maskSecrets(rendered.error.message, secrets);
      return { ok: false, part: `header:${header.name}`, ...rendered.error, message };
    }
    headers[header.name.toLowerCase()] = rendered.text;
    // A value built from a secret is stored masked whole (encodings such as Basic auth's
    // base64 would slip past value matching).
    storedHeaders[header.name.toLowerCase()] = /secrets/.test(header.value) ? SECRET_MASK : rendered.text;
  }
  return {
    ok: true,
    request: {
      body: body.body,
      json: body.json,
      headers,
      storedHeaders,
      secrets: options.secrets === "decrypt" ? secrets : {},
    },
  };
}

/** The failure as one sentence: `Body template (line 3, column 9): Unknown filter "x"`. */
export function describeRenderFailure(failure: TRenderWebhookFailure): string {
  if (failure.part === "secrets") return failure.message;
  const what = failure.part === "body" ? "Body" : `Header "${failure.part.slice("header:".length)}"`;
  const where = failure.line
    ? ` (line ${failure.line}${failure.column ? `, column ${failure.column}` : ""})`
    : "";
  return `${what} template${where}: ${failure.message}`;
}

/** The named workspace secrets that exist, each as ••••, read without decrypting anything. */
async function existingSecretsMasked(
  db: TPgTx,
  workspaceId: string,
  names: readonly string[] | null,
): Promise<Record<string, string>> {
  const masked: Record<string, string> = Object.create(null);
  if (names !== null && names.length === 0) return masked;
  const rows = await db.query<{ name: string }>(
    `select name from secrets
     where workspace_id = $1 and function_id is null and ($2::text[] is null or name = any($2::text[]))`,
    [workspaceId, names],
  );
  for (const row of rows.rows) masked[row.name] = SECRET_MASK;
  return masked;
}

function readSecretNames(templates: readonly string[]): { names: string[]; isDynamic: boolean } {
  const names = new Set<string>();
  let isDynamic = false;
  for (const template of templates) {
    if (!template.includes("secrets")) continue;
    try {
      const found = listSecretNames(template);
      for (const name of found.names) names.add(name);
      isDynamic ||= found.hasDynamicAccess;
    } catch {
      // An unparsable template fails with its parse error when rendered, just after.
    }
  }
  return { names: [...names], isDynamic };
}

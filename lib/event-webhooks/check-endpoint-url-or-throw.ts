import { invalid } from "@/lib/errors";
import { checkUrl, type TResolver } from "@/lib/webhooks/ssrf";
import { webhookAllowlist } from "@/lib/webhooks/webhook-dispatcher";

/**
 * Save-time check of an endpoint URL (http/https, no credentials, resolves to public addresses or
 * to the allowlist). A 400 naming the field; the dispatcher decides again at every connection.
 */
export async function checkEndpointUrlOrThrow(
  url: string,
  options: { resolve?: TResolver } = {},
): Promise<void> {
  const result = await checkUrl(url, { allowlist: webhookAllowlist(), resolve: options.resolve });
  if (!result.ok) throw invalid(`url: ${result.reason}`, "url");
}

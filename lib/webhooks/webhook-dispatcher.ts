import type { Dispatcher } from "undici";
import { env } from "@/lib/env";
import { createGuardedDispatcher, parseAllowlist, type TAllowlist } from "@/lib/webhooks/ssrf";

// One SSRF-guarded keep-alive agent per process, for every webhook (flow steps, event webhooks,
// test sends) — and for the code runtime's fetch, which must go through the same guard.
const globalForWebhooks = globalThis as unknown as {
  hookflowWebhookDispatcher?: Dispatcher;
  hookflowAllowlist?: TAllowlist;
};

export function webhookAllowlist(): TAllowlist {
  globalForWebhooks.hookflowAllowlist ??= parseAllowlist(env().HOOKFLOW_WEBHOOK_ALLOWLIST);
  return globalForWebhooks.hookflowAllowlist;
}

export function webhookDispatcher(): Dispatcher {
  globalForWebhooks.hookflowWebhookDispatcher ??= createGuardedDispatcher({
    allowlist: webhookAllowlist(),
    connections: 64,
  });
  return globalForWebhooks.hookflowWebhookDispatcher;
}

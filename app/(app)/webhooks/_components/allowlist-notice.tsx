import { IconAlert } from "@/components/ui/icons";
import { ALLOWLIST_ENV_VAR, describeAllowlist } from "@/lib/webhooks/ssrf";
import { webhookAllowlist } from "@/lib/webhooks/webhook-dispatcher";

/**
 * Shown while the SSRF allowlist is on: webhooks may then reach the private targets it names,
 * which is meant for development and tests — an operator should see it, not discover it.
 */
export function AllowlistNotice() {
  const allowlist = webhookAllowlist();
  if (!allowlist.isEnabled) return null;
  return (
    <p
      role="note"
      data-testid="allowlist-notice"
      className="mb-4 flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-[13px] text-amber-900"
    >
      <IconAlert className="mt-0.5 text-amber-600" />
      <span>
        The SSRF allowlist is on ({describeAllowlist(allowlist)}). Webhooks can reach these private addresses;
        unset <code className="font-mono text-xs">{ALLOWLIST_ENV_VAR}</code> outside development and tests.
      </span>
    </p>
  );
}

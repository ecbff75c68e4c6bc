"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useServerAction } from "@/components/ui/use-server-action";
import { deleteEventWebhookAction, setEventWebhookEnabledAction } from "@/lib/actions/event-webhook-actions";

/** Edit, enable/disable and delete (admins and owners). */
export function WebhookHeaderActions({
  webhookId,
  name,
  enabled,
}: {
  webhookId: string;
  name: string;
  enabled: boolean;
}) {
  const router = useRouter();
  const toggle = useServerAction();

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Link href={`/webhooks/${webhookId}/edit`} className={buttonClasses()}>
          Edit
        </Link>
        <Button
          pending={toggle.pending}
          onClick={() =>
            toggle.run(() => setEventWebhookEnabledAction({ webhookId, enabled: !enabled }), {
              notice: (data) => (data.enabled ? "Enabled: waiting deliveries go out now" : "Disabled"),
            })
          }
        >
          {enabled ? "Disable" : "Enable"}
        </Button>
        <ConfirmButton
          label="Delete"
          variant="secondary"
          size="md"
          title={`Delete ${name}?`}
          description="The webhook, its signing secrets and its whole delivery log are deleted. Events stop being sent at once; this cannot be undone."
          confirmLabel="Delete webhook"
          onConfirm={async () => {
            const result = await deleteEventWebhookAction({ webhookId });
            if (result.ok) router.push("/webhooks");
            return result;
          }}
        />
      </div>
      <ActionFeedback error={toggle.error} notice={toggle.notice} />
    </div>
  );
}

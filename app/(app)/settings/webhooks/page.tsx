import type { Metadata } from "next";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { WebhookRetentionForm } from "@/components/settings/webhook-retention-form";
import { Card, CardHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import {
  getWebhookRetentionDays,
  MAX_WEBHOOK_RETENTION_DAYS,
} from "@/lib/webhooks/retention/webhook-retention-settings";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "Webhook settings" };

export default async function WebhookSettingsPage() {
  const { workspace, role } = await requirePageWorkspace();
  const canEdit = hasRole(role, "admin");
  const days = await getWebhookRetentionDays({ workspaceId: workspace.id }, prisma);
  return (
    <>
      {canEdit ? null : (
        <ReadOnlyNote>{"Only admins and owners change how long webhook deliveries are kept."}</ReadOnlyNote>
      )}
      <Card>
        <CardHeader
          title="Delivery log retention"
          description={`How long the deliveries of flow webhook nodes and event webhooks are kept, with every attempt (request, response, timings), counted from their last attempt. Waiting deliveries are never deleted. Older ones are removed by an hourly background sweep. 1 to ${MAX_WEBHOOK_RETENTION_DAYS} days.`}
        />
        <WebhookRetentionForm days={days} canEdit={canEdit} />
      </Card>
    </>
  );
}

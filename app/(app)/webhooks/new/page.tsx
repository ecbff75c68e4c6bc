import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/app-shell/breadcrumbs";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { EVENT_WEBHOOK_DEFAULTS } from "@/lib/event-webhooks/schemas";
import { requirePageWorkspace } from "../../_lib/page-context";
import { AllowlistNotice } from "../_components/allowlist-notice";
import { WebhookSettingsForm } from "../_components/webhook-settings-form";
import { loadTopicOptions } from "../_lib/load-webhook-page";

export const metadata: Metadata = { title: "New event webhook" };

export default async function NewEventWebhookPage() {
  const { workspace, role } = await requirePageWorkspace();
  const canManage = hasRole(role, "admin");
  const metrics = canManage ? await loadTopicOptions({ workspaceId: workspace.id }) : [];

  return (
    <Page>
      <Breadcrumbs items={[{ label: "Event webhooks", href: "/webhooks" }, { label: "New" }]} />
      <PageHeader
        title="New event webhook"
        description="Choose the endpoint and the metrics it receives. Its signing secret is created with it; you can reveal it on the webhook's page."
      />
      <AllowlistNotice />
      {canManage ? (
        <Card className="p-4">
          <WebhookSettingsForm
            metrics={metrics}
            initial={{
              name: "",
              url: "",
              topics: [],
              batchSize: EVENT_WEBHOOK_DEFAULTS.batchSize,
              batchWindowMs: EVENT_WEBHOOK_DEFAULTS.batchWindowMs,
              maxConcurrency: EVENT_WEBHOOK_DEFAULTS.maxConcurrency,
              maxRequestsPerSecond: EVENT_WEBHOOK_DEFAULTS.maxRequestsPerSecond,
              disableAfterFailingDays: EVENT_WEBHOOK_DEFAULTS.disableAfterFailingDays,
            }}
          />
        </Card>
      ) : (
        <ReadOnlyNote>Only admins and owners create event webhooks.</ReadOnlyNote>
      )}
    </Page>
  );
}

import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/app-shell/breadcrumbs";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { requirePageWorkspace } from "../../../_lib/page-context";
import { AllowlistNotice } from "../../_components/allowlist-notice";
import { WebhookSettingsForm } from "../../_components/webhook-settings-form";
import { loadTopicOptions, loadWebhookOrNotFound } from "../../_lib/load-webhook-page";

export const metadata: Metadata = { title: "Edit event webhook" };

export default async function EditEventWebhookPage({ params }: { params: Promise<{ webhookId: string }> }) {
  const { workspace, role } = await requirePageWorkspace();
  const { webhookId } = await params;
  const webhook = await loadWebhookOrNotFound({ workspaceId: workspace.id, webhookId });
  const canManage = hasRole(role, "admin");
  const metrics = canManage ? await loadTopicOptions({ workspaceId: workspace.id }) : [];

  return (
    <Page>
      <Breadcrumbs
        items={[
          { label: "Event webhooks", href: "/webhooks" },
          { label: webhook.name, href: `/webhooks/${webhook.id}` },
          { label: "Edit" },
        ]}
      />
      <PageHeader
        title={`Edit ${webhook.name}`}
        description="New topics apply to events received from now on; a batch already collecting is sent as it was opened. Retries go to the new URL."
      />
      <AllowlistNotice />
      {canManage ? (
        <Card className="p-4">
          <WebhookSettingsForm
            webhookId={webhook.id}
            metrics={metrics}
            initial={{
              name: webhook.name,
              url: webhook.url,
              topics: webhook.topics.map((topic) => topic.metricId),
              batchSize: webhook.batchSize,
              batchWindowMs: webhook.batchWindowMs,
              maxConcurrency: webhook.maxConcurrency,
              maxRequestsPerSecond: webhook.maxRequestsPerSecond,
              disableAfterFailingDays: webhook.disableAfterFailingDays,
            }}
          />
        </Card>
      ) : (
        <ReadOnlyNote>Only admins and owners change event webhooks.</ReadOnlyNote>
      )}
    </Page>
  );
}

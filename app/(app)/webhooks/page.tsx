import type { Metadata } from "next";
import Link from "next/link";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconPlus, IconWebhook } from "@/components/ui/icons";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { getEventWebhook } from "@/lib/event-webhooks/get-event-webhook";
import { listEventWebhooks } from "@/lib/event-webhooks/list-event-webhooks";
import { listFlowWebhookNodes } from "@/lib/webhooks/logs/list-flow-webhook-nodes";
import { requirePageWorkspace } from "../_lib/page-context";
import { AllowlistNotice } from "./_components/allowlist-notice";
import { FlowWebhookNodesTable } from "./_components/flow-webhook-nodes-table";
import { WebhooksTable } from "./_components/webhooks-table";

export const metadata: Metadata = { title: "Event webhooks" };

export default async function EventWebhooksPage() {
  const { workspace, role } = await requirePageWorkspace();
  const canManage = hasRole(role, "admin");
  const [webhooks, flowNodes] = await Promise.all([
    listEventWebhooks({ workspaceId: workspace.id }, prisma),
    listFlowWebhookNodes({ workspaceId: workspace.id }, prisma),
  ]);
  // A workspace has a handful of webhooks: their 24 h figures are read one webhook at a time
  // (two indexed queries each) rather than through a second, list-shaped stats query.
  const withStats = await Promise.all(
    webhooks.map((webhook) => getEventWebhook({ workspaceId: workspace.id, webhookId: webhook.id }, prisma)),
  );

  return (
    <Page>
      <PageHeader
        title="Event webhooks"
        description="Send every event of chosen metrics — message metrics included — to an endpoint of yours, signed, batched and retried, outside any flow."
        actions={
          canManage ? (
            <Link href="/webhooks/new" className={buttonClasses({ variant: "primary" })}>
              <IconPlus />
              Create webhook
            </Link>
          ) : null
        }
      />
      <AllowlistNotice />
      {canManage ? null : (
        <ReadOnlyNote>{`You are ${role === "editor" ? "an editor" : "a viewer"} here: only admins and owners create and change event webhooks.`}</ReadOnlyNote>
      )}
      <Card>
        <CardHeader
          title="Webhooks"
          description="Each webhook receives a versioned batch document, signed with its own secret (Standard Webhooks). Open one for its deliveries."
        />
        {withStats.length === 0 ? (
          <EmptyState
            icon={<IconWebhook className="size-5" />}
            title="No event webhooks yet"
            description={
              canManage
                ? "Create one to keep a data warehouse or another system up to date with Opened Email, Received Email, Unsubscribed or any other metric."
                : "An admin or owner can create one."
            }
          />
        ) : (
          <WebhooksTable
            webhooks={withStats.map((webhook) => ({
              id: webhook.id,
              name: webhook.name,
              url: webhook.url,
              topics: webhook.topics.map((topic) => topic.name),
              enabled: webhook.enabled,
              disabledReason: webhook.disabledReason,
              attempts24h: webhook.stats.attempts,
              successRate: webhook.stats.successRate,
              pending: webhook.stats.pending,
            }))}
          />
        )}
      </Card>
      <Card className="mt-4">
        <CardHeader
          title="Flow webhook nodes"
          description="Webhook steps inside flows: each node has its own delivery log, success rate and latency charts, and replay."
        />
        <FlowWebhookNodesTable nodes={flowNodes} />
      </Card>
    </Page>
  );
}

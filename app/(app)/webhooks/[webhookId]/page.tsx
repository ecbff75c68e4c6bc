import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/app-shell/breadcrumbs";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Card, CardHeader } from "@/components/ui/card";
import { IconAlert } from "@/components/ui/icons";
import { isTimeRange, TIME_RANGES } from "@/components/ui/time-ranges";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { listDeliveries } from "@/lib/event-webhooks/list-deliveries";
import { samplePayload } from "@/lib/event-webhooks/sample-payload";
import { getWebhookRetentionDays } from "@/lib/webhooks/retention/webhook-retention-settings";
import { deliveryTimeseries } from "@/lib/webhooks/stats/delivery-timeseries";
import { requirePageWorkspace } from "../../_lib/page-context";
import { AllowlistNotice } from "../_components/allowlist-notice";
import { chartWindowLinks, DeliveryCharts } from "../_components/delivery-charts";
import { readDeliveryFilters, type TSearchParams } from "../_components/delivery-filter-params";
import { DeliveryLogCard } from "../_components/delivery-log";
import { DeliveryStats } from "../_components/delivery-stats";
import { DELIVERY_STATUSES, plural } from "../_components/labels";
import { SettingsSummary } from "../_components/settings-summary";
import { SigningSecretCard } from "../_components/signing-secret-card";
import { WebhookStateBadge } from "../_components/status-badges";
import { TestAndSampleCard } from "../_components/test-and-sample-card";
import { WebhookHeaderActions } from "../_components/webhook-header-actions";
import { loadWebhookOrNotFound } from "../_lib/load-webhook-page";

export const metadata: Metadata = { title: "Event webhook" };

const PAGE_SIZE = 50;

export default async function EventWebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ webhookId: string }>;
  searchParams: Promise<TSearchParams>;
}) {
  const { workspace, role } = await requirePageWorkspace();
  const { webhookId } = await params;
  const webhook = await loadWebhookOrNotFound({ workspaceId: workspace.id, webhookId });
  const canManage = hasRole(role, "admin");
  const canOperate = hasRole(role, "editor");

  const query = await searchParams;
  const filters = readDeliveryFilters(query, { hasTopics: true });
  const cursor = typeof query.cursor === "string" ? query.cursor : null;
  const firstTopic = webhook.topics[0];
  const chart = chartWindowLinks(`/webhooks/${webhook.id}`, query);

  const [page, initialSample, buckets, retentionDays] = await Promise.all([
    listDeliveries(
      {
        workspaceId: workspace.id,
        webhookId: webhook.id,
        filters: {
          status: DELIVERY_STATUSES.find((status) => status === filters.status),
          topic: filters.topic ?? undefined,
          from: isTimeRange(filters.range) ? new Date(Date.now() - TIME_RANGES[filters.range].ms) : undefined,
          isTest: filters.kind === null ? undefined : filters.kind === "test",
        },
        cursor,
        pageSize: PAGE_SIZE,
      },
      prisma,
    ).catch((error: unknown) => {
      // A mangled cursor in a shared link shows the newest page rather than an error.
      if (!(error instanceof HookflowError && error.code === "invalid")) throw error;
      return listDeliveries(
        { workspaceId: workspace.id, webhookId: webhook.id, pageSize: PAGE_SIZE },
        prisma,
      );
    }),
    firstTopic
      ? samplePayload(
          { workspaceId: workspace.id, metricId: firstTopic.metricId, webhookId: webhook.id },
          prisma,
        )
      : null,
    deliveryTimeseries(
      { workspaceId: workspace.id, subject: { eventWebhookId: webhook.id }, window: chart.window },
      prisma,
    ),
    getWebhookRetentionDays({ workspaceId: workspace.id }, prisma),
  ]);
  const isFiltered = Object.values(filters).some((value) => value !== null) || cursor !== null;

  return (
    <Page>
      <Breadcrumbs items={[{ label: "Event webhooks", href: "/webhooks" }, { label: webhook.name }]} />
      <PageHeader
        title={webhook.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <WebhookStateBadge enabled={webhook.enabled} />
            <code className="font-mono text-xs break-all">{webhook.url}</code>
          </span>
        }
        actions={
          canManage ? (
            <WebhookHeaderActions webhookId={webhook.id} name={webhook.name} enabled={webhook.enabled} />
          ) : null
        }
      />
      <AllowlistNotice />
      {webhook.enabled ? null : (
        <p
          data-testid="disabled-note"
          className="mb-4 flex gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-800"
        >
          <IconAlert className="mt-0.5 text-red-600" />
          <span>
            {webhook.disabledReason ??
              "Disabled: no new events are collected and nothing is sent. Waiting deliveries go out when it is enabled again."}
          </span>
        </p>
      )}

      <div className="space-y-4">
        <DeliveryStats stats={webhook.stats} />
        <DeliveryCharts buckets={buckets} window={chart.window} hrefFor={chart.hrefFor} />
        <Card>
          <CardHeader title="Settings" />
          <SettingsSummary webhook={webhook} />
        </Card>
        <div className="grid gap-4 lg:grid-cols-2">
          <SigningSecretCard
            webhookId={webhook.id}
            canManage={canManage}
            previousSecretExpiresAt={webhook.previousSecretExpiresAt?.toISOString() ?? null}
          />
          <TestAndSampleCard
            webhookId={webhook.id}
            topics={webhook.topics}
            canSend={canOperate}
            initialSample={initialSample}
          />
        </div>

        <DeliveryLogCard
          description={`Each delivery is one request's batch of events, newest first; expand one for its attempts. Kept ${plural(retentionDays, "day")} after their last attempt (Settings → Webhooks).`}
          replayTarget={{ webhookId: webhook.id }}
          basePath={`/webhooks/${webhook.id}`}
          filters={filters}
          topics={webhook.topics.map((topic) => topic.name)}
          cursor={cursor}
          nextCursor={page.nextCursor}
          deliveries={page.deliveries}
          kind="event"
          canReplay={canOperate}
          isFiltered={isFiltered}
          emptyDescription="A delivery is created when an event of one of the topics arrives, or when you send a test event."
          summarize={(delivery) => (
            <>
              <span className="min-w-0 truncate text-zinc-800">{delivery.topics.join(", ") || "—"}</span>
              <span className="text-zinc-500">{plural(delivery.eventCount, "event")}</span>
            </>
          )}
        />
      </div>
      {/* Live on the default view only: the 7- and 30-day charts aggregate up to a month of
          attempts (~0.5 s for 76k attempts measured), too much to redo every 3 s. */}
      {cursor || chart.window !== "24h" ? null : <AutoRefresh intervalMs={3000} />}
    </Page>
  );
}

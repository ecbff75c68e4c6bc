import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/app-shell/breadcrumbs";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { buttonClasses } from "@/components/ui/button";
import { isTimeRange, TIME_RANGES } from "@/components/ui/time-ranges";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { findFlowWebhookNodeOrThrow } from "@/lib/webhooks/logs/flow-webhook-node";
import { listFlowDeliveries } from "@/lib/webhooks/logs/list-flow-deliveries";
import { getWebhookRetentionDays } from "@/lib/webhooks/retention/webhook-retention-settings";
import { deliverySummary } from "@/lib/webhooks/stats/delivery-summary";
import { deliveryTimeseries } from "@/lib/webhooks/stats/delivery-timeseries";
import { requirePageWorkspace } from "../../../../_lib/page-context";
import { AllowlistNotice } from "../../../_components/allowlist-notice";
import { chartWindowLinks, DeliveryCharts } from "../../../_components/delivery-charts";
import { readDeliveryFilters, type TSearchParams } from "../../../_components/delivery-filter-params";
import { DeliveryLogCard } from "../../../_components/delivery-log";
import { DeliveryStats } from "../../../_components/delivery-stats";
import { DELIVERY_STATUSES, plural } from "../../../_components/labels";

export const metadata: Metadata = { title: "Flow webhook deliveries" };

const PAGE_SIZE = 50;

/**
 * A flow webhook node's delivery log: one delivery per step execution (its retries are attempts),
 * with status and time filters, the 24 h figures, charts over time, and replay of finished ones.
 */
export default async function FlowWebhookDeliveriesPage({
  params,
  searchParams,
}: {
  params: Promise<{ flowId: string; nodeId: string }>;
  searchParams: Promise<TSearchParams>;
}) {
  const { workspace, role } = await requirePageWorkspace();
  const { flowId, nodeId: rawNodeId } = await params;
  const nodeId = decodeURIComponent(rawNodeId);
  const node = await findFlowWebhookNodeOrThrow({ workspaceId: workspace.id, flowId, nodeId }, prisma).catch(
    (error: unknown) => {
      if (error instanceof HookflowError && error.code === "not_found") notFound();
      throw error;
    },
  );
  const canOperate = hasRole(role, "editor");
  const basePath = `/webhooks/flows/${node.flowId}/${encodeURIComponent(node.nodeId)}`;
  const query = await searchParams;
  const filters = readDeliveryFilters(query, { hasTopics: false });
  const cursor = typeof query.cursor === "string" ? query.cursor : null;
  const chart = chartWindowLinks(basePath, query);
  const subject = { flowId: node.flowId, nodeId: node.nodeId };
  const list = (withCursor: string | null) =>
    listFlowDeliveries(
      {
        workspaceId: workspace.id,
        ...subject,
        filters: {
          status: DELIVERY_STATUSES.find((status) => status === filters.status),
          from: isTimeRange(filters.range) ? new Date(Date.now() - TIME_RANGES[filters.range].ms) : undefined,
        },
        cursor: withCursor,
        pageSize: PAGE_SIZE,
      },
      prisma,
    );
  const [page, stats, buckets, retentionDays] = await Promise.all([
    // A mangled cursor in a shared link shows the newest page rather than an error.
    list(cursor).catch((error: unknown) => {
      if (!(error instanceof HookflowError && error.code === "invalid")) throw error;
      return list(null);
    }),
    deliverySummary({ workspaceId: workspace.id, subject }, prisma),
    deliveryTimeseries({ workspaceId: workspace.id, subject, window: chart.window }, prisma),
    getWebhookRetentionDays({ workspaceId: workspace.id }, prisma),
  ]);
  const isFiltered = filters.status !== null || filters.range !== null || cursor !== null;

  return (
    <Page>
      <Breadcrumbs items={[{ label: node.flowName, href: `/flows/${node.flowId}` }, { label: node.label }]} />
      <PageHeader
        title={`${node.label}: deliveries`}
        description={
          node.url ? (
            <code className="font-mono text-xs break-all" data-testid="flow-webhook-url">
              {node.url}
            </code>
          ) : (
            "This node is no longer in the flow's draft; its past deliveries are kept."
          )
        }
        actions={
          <Link href={`/flows/${node.flowId}/runs`} className={buttonClasses({ size: "sm" })}>
            Runs
          </Link>
        }
      />
      <AllowlistNotice />
      <div className="space-y-4">
        <DeliveryStats stats={stats} />
        <DeliveryCharts buckets={buckets} window={chart.window} hrefFor={chart.hrefFor} />
        <DeliveryLogCard
          description={`One delivery per run that reached this node, newest first; its retries are attempts. Finished ones can be replayed (same webhook-id). Kept ${plural(retentionDays, "day")} after their last attempt.`}
          replayTarget={subject}
          basePath={basePath}
          filters={filters}
          cursor={cursor}
          nextCursor={page.nextCursor}
          deliveries={page.deliveries}
          kind="flow"
          canReplay={canOperate}
          isFiltered={isFiltered}
          emptyDescription="A delivery is recorded each time a run reaches this node (test sends from the editor are not)."
          summarize={(delivery) => (
            <>
              <span className="min-w-0 truncate text-zinc-800">{delivery.profileEmail ?? "—"}</span>
              {delivery.runId ? (
                <Link
                  href={`/flows/${node.flowId}/runs/${delivery.runId}`}
                  className="text-accent-700 hover:underline"
                >
                  Run
                </Link>
              ) : null}
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

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/app-shell/breadcrumbs";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconFlows } from "@/components/ui/icons";
import { isTimeRange, TIME_RANGES } from "@/components/ui/time-ranges";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { listReviewSteps } from "@/lib/engine/run-actions/list-review-steps";
import { decodeRunCursor, listRuns, type TRunCursor } from "@/lib/engine/run-actions/list-runs";
import { RUN_STATUSES, type TRunStatus } from "@/lib/engine/run-actions/run-action-schemas";
import { isUuid, uuidv7Time } from "@/lib/ids/uuid-v7";
import { requirePageWorkspace } from "../../../_lib/page-context";
import { FlowBulkActions } from "../_components/flow-bulk-actions";
import { triggerLabel } from "../_components/labels";
import { ReviewQueue } from "../_components/review-queue";
import { RunsFilters } from "../_components/runs-filters";
import { RunsTable } from "../_components/runs-table";
import { FlowStatusBadge } from "../_components/status-badges";
import { TestRunDialog } from "../_components/test-run-dialog";
import { TurnOffDialog } from "../_components/turn-off-dialog";

export const metadata: Metadata = { title: "Runs" };

const PAGE_SIZE = 50;
const REVIEW_QUEUE_SHOWN = 100;

type TSearchParams = Record<string, string | string[] | undefined>;

export default async function FlowRunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ flowId: string }>;
  searchParams: Promise<TSearchParams>;
}) {
  const { workspace, role } = await requirePageWorkspace();
  const { flowId } = await params;
  if (!isUuid(flowId)) notFound();
  const flow = await prisma.flow.findFirst({
    where: { id: flowId, workspaceId: workspace.id },
    select: {
      id: true,
      name: true,
      status: true,
      triggerType: true,
      liveVersion: { select: { number: true } },
    },
  });
  if (!flow) notFound();
  const canEdit = hasRole(role, "editor");

  const query = await searchParams;
  // Unknown filter values in the URL are ignored rather than trusted.
  const status = RUN_STATUSES.find((candidate) => candidate === query.status) ?? null;
  const range = isTimeRange(query.range) ? query.range : null;
  const cursor = readCursor(query.cursor);

  const [page, review, byStatus] = await Promise.all([
    listRuns({
      workspaceId: workspace.id,
      flowId: flow.id,
      status: status ?? undefined,
      from: range ? new Date(Date.now() - TIME_RANGES[range].ms) : undefined,
      cursor: cursor ?? undefined,
      pageSize: PAGE_SIZE,
    }),
    listReviewSteps({ workspaceId: workspace.id, flowId: flow.id, limit: REVIEW_QUEUE_SHOWN }),
    prisma.run.groupBy({
      by: ["status"],
      where: { workspaceId: workspace.id, flowId: flow.id },
      _count: { _all: true },
    }),
  ]);
  const counts: Partial<Record<TRunStatus, number>> = Object.fromEntries(
    byStatus.map((row) => [row.status, row._count._all]),
  );
  const activeRuns = (counts.running ?? 0) + (counts.waiting ?? 0);
  const filterQuery = new URLSearchParams({ ...(status ? { status } : {}), ...(range ? { range } : {}) });

  return (
    <Page>
      <Breadcrumbs items={[{ label: "Flows", href: "/flows" }, { label: flow.name }]} />
      <PageHeader
        title={flow.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <FlowStatusBadge status={flow.status} />
            <span>{triggerLabel(flow.triggerType)}</span>
            {flow.liveVersion ? (
              <span>· version {flow.liveVersion.number}</span>
            ) : (
              <span>· never published</span>
            )}
          </span>
        }
        actions={
          canEdit ? (
            <>
              {flow.liveVersion ? <TestRunDialog flowId={flow.id} isOff={flow.status === "draft"} /> : null}
              {flow.status !== "draft" ? <TurnOffDialog flowId={flow.id} activeRuns={activeRuns} /> : null}
            </>
          ) : null
        }
      />
      {flow.status === "draft" ? (
        <p
          className="mb-4 rounded-md border border-zinc-200 bg-white px-3 py-2 text-[13px] text-zinc-600"
          data-testid="flow-off-note"
        >
          This flow is off: its trigger starts no runs. Publishing it again from the flow builder turns it
          back on.
        </p>
      ) : null}

      {flow.status === "manual" || review.total > 0 ? (
        <ReviewQueue
          flowId={flow.id}
          total={review.total}
          canEdit={canEdit}
          steps={review.steps.map((step) => ({
            stepId: step.id,
            nodeId: step.nodeId,
            nodeType: step.nodeType,
            runId: step.run.id,
            profileLabel: step.run.profile.label,
            isTest: step.run.isTest,
            waitingSince: new Date(uuidv7Time(step.id)).toISOString(),
          }))}
        />
      ) : null}

      <Card>
        <CardHeader
          title="Runs"
          description="Each run is one profile going through the flow version it started on. Open a run to see its steps."
          actions={
            canEdit ? (
              <FlowBulkActions flowId={flow.id} failedRuns={counts.failed ?? 0} activeRuns={activeRuns} />
            ) : null
          }
        />
        <div className="border-b border-zinc-200 px-4 py-2.5">
          <RunsFilters flowId={flow.id} status={status} range={range} counts={counts} />
        </div>
        {page.runs.length === 0 ? (
          <EmptyState
            icon={<IconFlows className="size-5" />}
            title={status || range || cursor ? "No runs match" : "No runs yet"}
            description={
              status || range || cursor
                ? "Change the filters to see other runs."
                : "A run starts when the trigger fires for a profile, or when you test the flow with a profile."
            }
          />
        ) : (
          <RunsTable
            flowId={flow.id}
            canEdit={canEdit}
            runs={page.runs.map((run) => ({
              id: run.id,
              status: run.status,
              isTest: run.isTest,
              replayCount: run.replayCount,
              versionNumber: run.versionNumber,
              profile: {
                label: run.profile.label,
                name: [run.profile.firstName, run.profile.lastName].filter(Boolean).join(" ") || null,
              },
              startedAt: run.startedAt.toISOString(),
              endedAt: run.endedAt?.toISOString() ?? null,
              reason: run.error ?? run.exitReason,
            }))}
          />
        )}
        {cursor || page.nextCursor ? (
          <div className="flex items-center justify-between border-t border-zinc-200 px-4 py-2.5 text-[13px]">
            {cursor ? (
              <Link
                href={`/flows/${flow.id}/runs${filterQuery.size > 0 ? `?${filterQuery}` : ""}`}
                className={buttonClasses({ size: "sm" })}
              >
                Newest runs
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link
                href={`/flows/${flow.id}/runs?${new URLSearchParams({ ...Object.fromEntries(filterQuery), cursor: page.nextCursor })}`}
                className={buttonClasses({ size: "sm" })}
              >
                Older runs
              </Link>
            ) : (
              <span className="text-zinc-500">That is every run.</span>
            )}
          </div>
        ) : null}
      </Card>
      {cursor ? null : <AutoRefresh intervalMs={3000} />}
    </Page>
  );
}

function readCursor(raw: string | string[] | undefined): TRunCursor | null {
  if (typeof raw !== "string") return null;
  try {
    return decodeRunCursor(raw);
  } catch {
    // A mangled cursor in a shared link shows the newest page rather than an error.
    return null;
  }
}

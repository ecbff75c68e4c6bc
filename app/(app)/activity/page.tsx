import type { Metadata } from "next";
import { ActivityFeed } from "@/components/activity/activity-feed";
import { FirstEventGuide } from "@/components/activity/first-event-guide";
import { MetricFilter } from "@/components/activity/metric-filter";
import { WelcomeBanner } from "@/components/activity/welcome-banner";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { loadActivityPage } from "../../api/app/activity/load-activity";
import { appBaseUrl } from "../_lib/base-url";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspace, role } = await requirePageWorkspace();
  const params = await searchParams;
  const metrics = await prisma.metric.findMany({
    where: { workspaceId: workspace.id },
    select: { id: true, name: true, isMessageMetric: true },
    orderBy: { name: "asc" },
  });
  // An unknown or foreign metric id in the URL is ignored rather than trusted.
  const metric = metrics.find((candidate) => candidate.id === params.metric) ?? null;
  const [initial, baseUrl] = await Promise.all([
    loadActivityPage({ workspaceId: workspace.id, metricId: metric?.id }),
    appBaseUrl(),
  ]);
  const welcome = params.joined ? "joined" : params.welcome ? "created" : null;

  return (
    <Page>
      <PageHeader
        title="Activity"
        description="Every event this workspace receives, newest first, as it arrives."
      />
      {welcome ? <WelcomeBanner kind={welcome} workspaceName={workspace.name} /> : null}
      <ActivityFeed
        // A new workspace or filter starts a new feed (the hook's state is seeded once).
        key={`${workspace.id}:${metric?.id ?? "all"}`}
        workspaceId={workspace.id}
        metricId={metric?.id ?? null}
        metricName={metric?.name ?? null}
        initial={initial}
        toolbar={<MetricFilter metrics={metrics} selected={metric?.id ?? null} />}
        firstEventGuide={<FirstEventGuide baseUrl={baseUrl} canCreateKeys={hasRole(role, "admin")} />}
      />
    </Page>
  );
}

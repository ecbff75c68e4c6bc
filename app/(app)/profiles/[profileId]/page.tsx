import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { DeleteProfileButton } from "@/components/profiles/delete-profile-button";
import { ProfileEditor } from "@/components/profiles/profile-editor";
import {
  IdentityCard,
  MembershipsCard,
  RunsCard,
  TimelineCard,
} from "@/components/profiles/profile-sections";
import { Card, CardHeader } from "@/components/ui/card";
import {
  listMetricsForFilter,
  listProfileEvents,
  listProfileMemberships,
  listProfileRuns,
  type TTimelineCursor,
} from "@/lib/audience/profile-pages/profile-detail";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { isUuid } from "@/lib/ids/uuid-v7";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "Profile" };

const EVENTS_PAGE = 25;

type TSearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Timeline cursor in the URL: "<time ms>.<event id>". */
function decodeEventsCursor(value: string | undefined): TTimelineCursor | undefined {
  const [time, id] = (value ?? "").split(".");
  const ms = Number(time);
  return id && isUuid(id) && Number.isFinite(ms) ? { time: new Date(ms), id } : undefined;
}

export default async function ProfilePage(props: {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<TSearchParams>;
}) {
  const { workspace, role } = await requirePageWorkspace();
  const { profileId } = await props.params;
  const searchParams = await props.searchParams;
  if (!isUuid(profileId)) notFound();
  const profile = await prisma.profile.findFirst({ where: { id: profileId, workspaceId: workspace.id } });
  if (!profile) notFound();

  const metricParam = first(searchParams.metric);
  const metricId = metricParam && isUuid(metricParam) ? metricParam : undefined;
  const cursor = decodeEventsCursor(first(searchParams.events));
  const [memberships, timeline, metrics, runs] = await Promise.all([
    listProfileMemberships({ workspaceId: workspace.id, profileId }),
    listProfileEvents({ workspaceId: workspace.id, profileId, metricId, cursor, pageSize: EVENTS_PAGE }),
    listMetricsForFilter(workspace.id),
    listProfileRuns({ workspaceId: workspace.id, profileId, take: 20 }),
  ]);
  const base = `/profiles/${profileId}`;
  const hrefWith = (events?: TTimelineCursor) => {
    const query = new URLSearchParams();
    if (metricId) query.set("metric", metricId);
    if (events) query.set("events", `${events.time.getTime()}.${events.id}`);
    const text = query.toString();
    return text ? `${base}?${text}` : base;
  };
  const canEdit = hasRole(role, "editor");
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(" ");
  const label = name || profile.email || profile.externalId || profile.phoneNumber || profile.id;

  return (
    <Page>
      <PageHeader
        title={label}
        description={
          <Link className="text-accent-700 hover:underline" href="/profiles">
            ← All profiles
          </Link>
        }
        actions={canEdit ? <DeleteProfileButton profileId={profile.id} label={label} /> : null}
      />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-4">
          <Card>
            <CardHeader
              title="Details"
              description={
                canEdit ? "Saved through the same writer as the API: segments update." : "Read-only (viewer)."
              }
            />
            <div className="px-4 py-3">
              <ProfileEditor
                profileId={profile.id}
                email={profile.email}
                phoneNumber={profile.phoneNumber}
                externalId={profile.externalId}
                firstName={profile.firstName}
                lastName={profile.lastName}
                timezone={profile.timezone}
                properties={(profile.properties ?? {}) as Record<string, unknown>}
                canEdit={canEdit}
              />
            </div>
          </Card>
          <TimelineCard
            events={timeline.events}
            metrics={metrics}
            metricId={metricId}
            action={base}
            olderHref={timeline.next ? hrefWith(timeline.next) : null}
            newestHref={cursor ? hrefWith() : null}
          />
        </div>
        <div className="space-y-4">
          <IdentityCard profile={profile} />
          <MembershipsCard lists={memberships.lists} segments={memberships.segments} />
          <RunsCard runs={runs} />
        </div>
      </div>
    </Page>
  );
}

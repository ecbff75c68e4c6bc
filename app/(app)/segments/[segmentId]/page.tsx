import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { ExplainPanel } from "@/components/segments/explain-panel";
import { describeCondition, formatCount } from "@/components/segments/format";
import { SegmentToolbar } from "@/components/segments/segment-toolbar";
import { SizeChart } from "@/components/segments/size-chart";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { loadSegmentBuilderOptions } from "@/lib/audience/segments/load-builder-options";
import {
  getSegmentOrThrow,
  listSegmentMembers,
  listSegments,
  recentMembershipChanges,
  segmentSizeHistory,
} from "@/lib/audience/segments/segment-queries";
import { hasRole } from "@/lib/auth/roles";
import { HookflowError } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "Segment" };

export default async function SegmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ segmentId: string }>;
  searchParams: Promise<{ after?: string; explain?: string }>;
}) {
  const { segmentId } = await params;
  const { after, explain } = await searchParams;
  const { workspace, role } = await requirePageWorkspace();
  const workspaceId = workspace.id;
  const segment = await getSegmentOrThrow({ workspaceId, segmentId }).catch((error) => {
    if (error instanceof HookflowError && error.code === "not_found") notFound();
    throw error;
  });
  const [summary, members, history, changes, options] = await Promise.all([
    listSegments({ workspaceId }).then((all) => all.find((entry) => entry.id === segment.id)),
    listSegmentMembers({
      workspaceId,
      segmentId,
      afterProfileId: after && isUuid(after) ? after : null,
      pageSize: 25,
    }),
    segmentSizeHistory({ workspaceId, segmentId, days: 90 }),
    recentMembershipChanges({ workspaceId, segmentId, limit: 10 }),
    loadSegmentBuilderOptions({ workspaceId }),
  ]);
  const names = Object.fromEntries(
    [...options.metrics, ...options.lists, ...options.segments].map((entry) => [entry.id, entry.name]),
  );
  const nameMap = new Map(Object.entries(names));
  const definition = segment.loaded?.definition;

  return (
    <Page>
      <PageHeader
        title={segment.name}
        description={
          <>
            <span className="font-medium text-zinc-800" data-testid="segment-size">
              {formatCount(summary?.size ?? 0)} members
            </span>
            {summary?.lastComputedAt ? (
              <>
                {" · computed "}
                <RelativeTime value={summary.lastComputedAt} />
              </>
            ) : null}
          </>
        }
        actions={
          hasRole(role, "editor") ? <SegmentToolbar segmentId={segment.id} name={segment.name} /> : null
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Conditions"
            description={definition ? `Profiles matching ${definition.match} of these groups` : undefined}
          />
          <div className="space-y-2 px-4 py-3 text-[13px]">
            {definition ? (
              definition.groups.map((group, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in the definition's (or the query's) fixed order
                <p key={index}>
                  <span className="text-zinc-500">
                    Group {index + 1} ({group.match} of):{" "}
                  </span>
                  {group.conditions.map((condition) => describeCondition(condition, nameMap)).join("; ")}
                </p>
              ))
            ) : (
              <p className="text-red-600">
                This definition is not valid any more: edit the conditions and save.
              </p>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Size over time"
            description="One point per day (UTC), from the daily snapshots"
          />
          <div className="px-4 py-3">
            <SizeChart points={history} />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Why is this profile in it?"
            description="Every condition evaluated for one profile, now"
          />
          <ExplainPanel
            segmentId={segment.id}
            names={names}
            initialProfileId={explain && isUuid(explain) ? explain : null}
            key={explain ?? ""}
          />
        </Card>
        <Card>
          <CardHeader title="Members" description="In profile id order" />
          <Table aria-label="Members">
            <THead>
              <tr>
                <TH>Profile</TH>
                <TH>Name</TH>
                <TH>Joined</TH>
                <TH />
              </tr>
            </THead>
            <TBody>
              {members.members.map((member) => (
                <TR key={member.profileId}>
                  <TD>
                    <Link className="text-accent-700 hover:underline" href={`/profiles/${member.profileId}`}>
                      {member.email ?? member.profileId}
                    </Link>
                  </TD>
                  <TD>{[member.firstName, member.lastName].filter(Boolean).join(" ")}</TD>
                  <TD>
                    <RelativeTime value={member.joinedAt} />
                  </TD>
                  <TD className="text-right">
                    <Link
                      className={buttonClasses({ size: "sm", variant: "ghost" })}
                      href={`/segments/${segment.id}?${new URLSearchParams({ ...(after ? { after } : {}), explain: member.profileId })}`}
                    >
                      Why?
                    </Link>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <div className="flex gap-2 px-4 py-3">
            {after ? (
              <Link className={buttonClasses({ size: "sm" })} href={`/segments/${segment.id}`}>
                First page
              </Link>
            ) : null}
            {members.nextAfterProfileId ? (
              <Link
                className={buttonClasses({ size: "sm" })}
                href={`/segments/${segment.id}?after=${members.nextAfterProfileId}`}
              >
                Next page
              </Link>
            ) : null}
          </div>
        </Card>
        <Card>
          <CardHeader title="Recent joins and leaves" />
          <ul className="divide-y divide-zinc-100 text-[13px]">
            {changes.length === 0 ? <li className="px-4 py-3 text-zinc-500">None yet</li> : null}
            {changes.map((change, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in the definition's (or the query's) fixed order
              <li key={index} className="flex gap-3 px-4 py-2">
                <span className={change.change === "joined" ? "text-emerald-700" : "text-zinc-500"}>
                  {change.change}
                </span>
                <span>{change.email ?? change.profileId}</span>
                <RelativeTime value={change.at} className="ml-auto text-zinc-500" />
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </Page>
  );
}

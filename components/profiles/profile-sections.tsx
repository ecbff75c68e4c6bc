import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AbsoluteTime } from "@/components/ui/time";
import type { TTimelineEvent } from "@/lib/audience/profile-pages/profile-detail";

// The profile page's read-only sections (server components).

export function IdentityCard(props: {
  profile: {
    id: string;
    organization: string | null;
    locale: string | null;
    location: unknown;
    createdAt: Date;
    updatedAt: Date;
  };
}) {
  const { profile } = props;
  const location = Object.entries((profile.location ?? {}) as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");
  const rows: [string, ReactNode][] = [
    ["Organization", profile.organization],
    ["Locale", profile.locale],
    ["Location", location || null],
    [
      "Profile id",
      <code key="id" className="text-xs">
        {profile.id}
      </code>,
    ],
    ["Created", <AbsoluteTime key="c" value={profile.createdAt} />],
    ["Updated", <AbsoluteTime key="u" value={profile.updatedAt} />],
  ];
  return (
    <Card>
      <CardHeader title="Identity" description="Identifiers are edited under Details." />
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1.5 px-4 py-3 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500">{label}</dt>
            <dd className="break-all text-zinc-900">{value ?? "—"}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

export function MembershipsCard(props: {
  lists: { id: string; name: string; joinedAt: Date }[];
  segments: { id: string; name: string; joinedAt: Date }[];
}) {
  const entries = [
    ...props.lists.map((row) => ({ ...row, kind: "List", href: `/lists/${row.id}` })),
    ...props.segments.map((row) => ({ ...row, kind: "Segment", href: `/segments/${row.id}` })),
  ];
  return (
    <Card>
      <CardHeader title="Lists and segments" />
      {entries.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Not in any list or segment.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm" data-testid="memberships">
          {entries.map((entry) => (
            <li
              key={`${entry.kind}-${entry.id}`}
              className="flex items-center justify-between gap-2 px-4 py-2"
            >
              <span className="flex items-center gap-2">
                <Badge>{entry.kind}</Badge>
                <Link className="text-accent-700 hover:underline" href={entry.href}>
                  {entry.name}
                </Link>
              </span>
              <span className="text-xs text-zinc-500">
                joined <AbsoluteTime value={entry.joinedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function RunsCard(props: {
  runs: { id: string; flowId: string; status: string; startedAt: Date; flow: { name: string } }[];
}) {
  return (
    <Card>
      <CardHeader title="Flow runs" description="The latest 20, newest first." />
      {props.runs.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">No flow has run for this profile.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm">
          {props.runs.map((run) => (
            <li key={run.id} className="flex items-center justify-between gap-2 px-4 py-2">
              <Link className="text-accent-700 hover:underline" href={`/flows/${run.flowId}/runs/${run.id}`}>
                {run.flow.name}
              </Link>
              <span className="flex items-center gap-2 text-xs text-zinc-500">
                <Badge>{run.status}</Badge>
                <AbsoluteTime value={run.startedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function TimelineCard(props: {
  events: TTimelineEvent[];
  metrics: { id: string; name: string }[];
  metricId: string | undefined;
  olderHref: string | null;
  newestHref: string | null;
  action: string;
}) {
  return (
    <Card>
      <CardHeader
        title="Activity"
        description="This profile's events, newest first."
        actions={
          <form method="get" action={props.action} className="flex items-center gap-2">
            <select
              name="metric"
              defaultValue={props.metricId ?? ""}
              aria-label="Filter by metric"
              className="h-7 rounded-md border border-zinc-300 bg-white px-2 text-xs"
            >
              <option value="">All metrics</option>
              {props.metrics.map((metric) => (
                <option key={metric.id} value={metric.id}>
                  {metric.name}
                </option>
              ))}
            </select>
            <button type="submit" className={buttonClasses({ size: "sm" })}>
              Filter
            </button>
          </form>
        }
      />
      {props.events.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">No events.</p>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Metric</TH>
              <TH>Time</TH>
              <TH>Properties</TH>
              <TH>Origin</TH>
            </tr>
          </THead>
          <TBody>
            {props.events.map((event) => (
              <TR key={event.id} data-testid="timeline-event">
                <TD className="font-medium text-zinc-900">{event.metricName}</TD>
                <TD className="whitespace-nowrap">
                  <AbsoluteTime value={event.time} />
                </TD>
                <TD>
                  <code className="line-clamp-2 max-w-md text-xs break-all text-zinc-600">
                    {JSON.stringify(event.properties)}
                  </code>
                </TD>
                <TD className="text-xs">{event.origin}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      {props.olderHref || props.newestHref ? (
        <nav
          aria-label="Activity pages"
          className="flex justify-end gap-2 border-t border-zinc-200 px-4 py-2.5"
        >
          {props.newestHref ? (
            <Link className={buttonClasses({ size: "sm" })} href={props.newestHref}>
              Newest
            </Link>
          ) : null}
          {props.olderHref ? (
            <Link className={buttonClasses({ size: "sm" })} href={props.olderHref}>
              Older events
            </Link>
          ) : null}
        </nav>
      ) : null}
    </Card>
  );
}

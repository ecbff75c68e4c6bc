import type { Metadata } from "next";
import Link from "next/link";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { formatCount } from "@/components/segments/format";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconPlus, IconSegments } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { listSegments } from "@/lib/audience/segments/segment-queries";
import { hasRole } from "@/lib/auth/roles";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  const { workspace, role } = await requirePageWorkspace();
  const canEdit = hasRole(role, "editor");
  const segments = await listSegments({ workspaceId: workspace.id });
  return (
    <Page>
      <PageHeader
        title="Segments"
        description="Audiences defined by conditions, kept up to date as profiles change and events arrive. Joining one can start a flow."
        actions={
          canEdit ? (
            <Link href="/segments/new" className={buttonClasses({ variant: "primary" })}>
              <IconPlus />
              New segment
            </Link>
          ) : null
        }
      />
      <Card>
        {segments.length === 0 ? (
          <EmptyState
            icon={<IconSegments className="size-5" />}
            title="No segments yet"
            description={
              canEdit
                ? "Create one from profile properties, event counts, list or segment membership."
                : "An editor can create one."
            }
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Name</TH>
                <TH className="text-right">Members</TH>
                <TH>Last computed</TH>
              </tr>
            </THead>
            <TBody>
              {segments.map((segment) => (
                <TR key={segment.id}>
                  <TD>
                    <Link
                      className="font-medium text-accent-700 hover:underline"
                      href={`/segments/${segment.id}`}
                    >
                      {segment.name}
                    </Link>
                  </TD>
                  <TD className="text-right tabular-nums">{formatCount(segment.size)}</TD>
                  <TD>
                    {segment.lastComputedAt ? <RelativeTime value={segment.lastComputedAt} /> : "never"}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </Page>
  );
}

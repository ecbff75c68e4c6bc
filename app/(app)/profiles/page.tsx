import type { Metadata } from "next";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconProfiles } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AbsoluteTime } from "@/components/ui/time";
import { prisma } from "@/lib/db/prisma";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Profiles" };

const SHOWN = 50;

export default async function ProfilesPage() {
  const { workspace } = await requirePageWorkspace();
  // No total count: at millions of profiles an exact count(*) costs more than the page itself.
  const rows = await prisma.profile.findMany({
    where: { workspaceId: workspace.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SHOWN + 1,
    select: {
      id: true,
      email: true,
      phoneNumber: true,
      externalId: true,
      firstName: true,
      lastName: true,
      timezone: true,
      createdAt: true,
    },
  });
  const hasMore = rows.length > SHOWN;
  const profiles = rows.slice(0, SHOWN);

  return (
    <Page>
      <PageHeader
        title="Profiles"
        description="People Hookflow knows about. Profiles are created when events or profiles arrive through the API."
        actions={<Badge>Read-only for now</Badge>}
      />
      <Card>
        {profiles.length === 0 ? (
          <EmptyState
            icon={<IconProfiles className="size-5" />}
            title="No profiles yet"
            description="Send an event for a profile (see Activity for an example) and it appears here."
          />
        ) : (
          <>
            <Table>
              <THead>
                <tr>
                  <TH>Email</TH>
                  <TH>Name</TH>
                  <TH>Phone</TH>
                  <TH>External id</TH>
                  <TH>Time zone</TH>
                  <TH>Created</TH>
                </tr>
              </THead>
              <TBody>
                {profiles.map((profile) => (
                  <TR key={profile.id} data-testid="profile-row">
                    <TD className="font-medium text-zinc-900">{profile.email ?? "—"}</TD>
                    <TD>{[profile.firstName, profile.lastName].filter(Boolean).join(" ") || "—"}</TD>
                    <TD className="font-mono text-xs">{profile.phoneNumber ?? "—"}</TD>
                    <TD className="font-mono text-xs">{profile.externalId ?? "—"}</TD>
                    <TD>{profile.timezone ?? "UTC (default)"}</TD>
                    <TD className="whitespace-nowrap">
                      <AbsoluteTime value={profile.createdAt} dateOnly />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            <p className="border-t border-zinc-200 px-4 py-2.5 text-xs text-zinc-500">
              {hasMore
                ? `The ${SHOWN} newest profiles. Search and profile pages come with the audience tools.`
                : `${profiles.length} ${profiles.length === 1 ? "profile" : "profiles"}.`}
            </p>
          </>
        )}
      </Card>
    </Page>
  );
}

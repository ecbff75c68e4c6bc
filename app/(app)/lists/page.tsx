import type { Metadata } from "next";
import Link from "next/link";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { CreateListForm } from "@/components/lists/create-list-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconLists } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AbsoluteTime } from "@/components/ui/time";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Lists" };

export default async function ListsPage() {
  const { workspace, role } = await requirePageWorkspace();
  const lists = await prisma.list.findMany({
    where: { workspaceId: workspace.id },
    orderBy: { name: "asc" },
    select: { id: true, name: true, createdAt: true, _count: { select: { members: true } } },
  });

  return (
    <Page>
      <PageHeader
        title="Lists"
        description="Static audiences: profiles are added and removed explicitly, one by one or by CSV import. A join starts the flows triggered by the list."
        actions={hasRole(role, "editor") ? <CreateListForm /> : null}
      />
      <Card>
        {lists.length === 0 ? (
          <EmptyState
            icon={<IconLists className="size-5" />}
            title="No lists yet"
            description="This workspace has no lists yet: create one above."
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Name</TH>
                <TH className="text-right">Members</TH>
                <TH>Created</TH>
              </tr>
            </THead>
            <TBody>
              {lists.map((list) => (
                <TR key={list.id} data-testid="list-row">
                  <TD className="font-medium text-zinc-900">
                    <Link href={`/lists/${list.id}`} className="hover:underline">
                      {list.name}
                    </Link>
                  </TD>
                  <TD className="text-right tabular-nums">{list._count.members.toLocaleString("en")}</TD>
                  <TD>
                    <AbsoluteTime value={list.createdAt} dateOnly />
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

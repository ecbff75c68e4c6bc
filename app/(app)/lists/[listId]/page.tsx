import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { AddMemberForm } from "@/components/lists/add-member-form";
import { CsvImport } from "@/components/lists/csv-import";
import { ListToolbar } from "@/components/lists/list-toolbar";
import { MembersTable } from "@/components/lists/members-table";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconLists } from "@/components/ui/icons";
import { decodeMemberCursor, listMemberPage } from "@/lib/audience/list-import/list-member-page";
import { hasRole } from "@/lib/auth/roles";
import { HookflowError } from "@/lib/errors";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "List" };

const PAGE_SIZE = 50;

export default async function ListPage({
  params,
  searchParams,
}: {
  params: Promise<{ listId: string }>;
  searchParams: Promise<{ after?: string; q?: string }>;
}) {
  const { listId } = await params;
  const { after, q } = await searchParams;
  const { workspace, role } = await requirePageWorkspace();
  const canEdit = hasRole(role, "editor");
  const page = await listMemberPage({
    workspaceId: workspace.id,
    listId,
    emailSearch: q,
    after: decodeMemberCursor(after),
    pageSize: PAGE_SIZE,
  }).catch((error) => {
    if (error instanceof HookflowError && error.code === "not_found") notFound();
    throw error;
  });
  const query = q ? `&q=${encodeURIComponent(q)}` : "";
  return (
    <Page>
      <PageHeader
        title={page.list.name}
        description={`${page.total.toLocaleString("en")} member${page.total === 1 ? "" : "s"}. A join starts the flows triggered by this list once.`}
        actions={canEdit ? <ListToolbar listId={page.list.id} name={page.list.name} /> : null}
      />
      {canEdit ? (
        <Card className="mb-4">
          <CardHeader title="Add members" />
          <div className="flex flex-col gap-4 px-4 pt-4 pb-4">
            <AddMemberForm listId={page.list.id} />
            <CsvImport listId={page.list.id} />
          </div>
        </Card>
      ) : null}
      <Card>
        <form className="flex items-center gap-2 px-4 py-3" action={`/lists/${page.list.id}`}>
          <input
            name="q"
            aria-label="Search by email"
            placeholder="Search by email (starts with)"
            defaultValue={q ?? ""}
            className="h-8 w-72 rounded-md border border-zinc-300 px-2 text-sm"
          />
          <Button type="submit" size="sm">
            Search
          </Button>
          {q ? (
            <Link href={`/lists/${page.list.id}`} className={buttonClasses({ size: "sm", variant: "ghost" })}>
              Clear
            </Link>
          ) : null}
        </form>
        {page.members.length === 0 ? (
          <EmptyState
            icon={<IconLists className="size-5" />}
            title={q ? "No member matches" : "No members yet"}
            description={
              q ? "No member's email starts with this text." : "Add a profile by email or import a CSV."
            }
          />
        ) : (
          <MembersTable listId={page.list.id} members={page.members} canEdit={canEdit} />
        )}
        <div className="flex justify-end gap-2 px-4 py-3">
          {after ? (
            <Link href={`/lists/${page.list.id}?${query.slice(1)}`} className={buttonClasses({ size: "sm" })}>
              First page
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link
              href={`/lists/${page.list.id}?after=${encodeURIComponent(page.nextCursor)}${query}`}
              className={buttonClasses({ size: "sm" })}
            >
              Next page
            </Link>
          ) : null}
        </div>
      </Card>
    </Page>
  );
}

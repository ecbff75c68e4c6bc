import type { Metadata } from "next";
import Link from "next/link";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { CreateProfileButton } from "@/components/profiles/create-profile-button";
import { ProfileSearchForm } from "@/components/profiles/profile-search-form";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconProfiles } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AbsoluteTime } from "@/components/ui/time";
import {
  decodeProfileCursor,
  encodeProfileCursor,
  type TProfilePageCursor,
} from "@/lib/audience/profile-pages/profile-page-cursor";
import {
  filterSearchParams,
  filtersFromSearchParams,
  MAX_PROFILE_FILTERS,
} from "@/lib/audience/profile-pages/profile-search-filter";
import {
  PROFILE_SEARCH_FIELDS,
  PROFILE_SORTS,
  searchProfiles,
} from "@/lib/audience/profile-pages/search-profiles";
import { loadSegmentBuilderOptions } from "@/lib/audience/segments/load-builder-options";
import { hasRole } from "@/lib/auth/roles";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Profiles" };

const PAGE_SIZE = 50;

type TSearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
function pick<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export default async function ProfilesPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const { workspace, role } = await requirePageWorkspace();
  const params = await searchParams;
  const term = (first(params.q) ?? "").slice(0, 200);
  const field = pick(first(params.field), PROFILE_SEARCH_FIELDS, "any");
  const sort = pick(first(params.sort), PROFILE_SORTS, "created");
  const cursor = decodeProfileCursor(first(params.page));
  const { filters, errors: filterErrors } = filtersFromSearchParams(params);
  // No total count: at millions of profiles an exact count(*) costs more than the page itself.
  const [{ profiles, next, previous, scanLimit }, builderOptions] = await Promise.all([
    searchProfiles({ workspaceId: workspace.id, term, field, sort, cursor, filters, pageSize: PAGE_SIZE }),
    loadSegmentBuilderOptions({ workspaceId: workspace.id }),
  ]);
  const queryFor = (kept = filters) =>
    new URLSearchParams([
      ...(term ? [["q", term] as [string, string]] : []),
      ["field", field],
      ["sort", sort],
      ...filterSearchParams(kept),
    ]);
  const hrefFor = (page: TProfilePageCursor) => {
    const query = queryFor();
    query.set("page", encodeProfileCursor(page));
    return `/profiles?${query}`;
  };
  const isFiltered = Boolean(term) || filters.length > 0;

  return (
    <Page>
      <PageHeader
        title="Profiles"
        description="People Hookflow knows about: created here, through the API, by events or imports."
        actions={hasRole(role, "editor") ? <CreateProfileButton /> : null}
      />
      <ProfileSearchForm
        term={term}
        field={field}
        sort={sort}
        filters={{
          rows: filters.map((filter) => ({
            property: filter.property,
            operator: filter.operator,
            value: filter.value === undefined ? "" : String(filter.value),
          })),
          propertyPaths: builderOptions.properties,
          removeHrefs: filters.map(
            (_, index) => `/profiles?${queryFor(filters.filter((__, i) => i !== index))}`,
          ),
          canAdd: filters.length < MAX_PROFILE_FILTERS,
        }}
      />
      {filterErrors.length > 0 ? (
        <p role="alert" className="mb-3 text-[13px] text-red-700" data-testid="profile-filter-errors">
          {filterErrors.join(" · ")} (not applied)
        </p>
      ) : null}
      <Card>
        {profiles.length === 0 ? (
          <EmptyState
            icon={<IconProfiles className="size-5" />}
            title={
              scanLimit
                ? `No match in the next ${scanLimit.toLocaleString("en-US")} profiles`
                : isFiltered
                  ? "No profile matches"
                  : "No profiles yet"
            }
            description={
              scanLimit
                ? "These filters are checked profile by profile. Keep searching to look further."
                : isFiltered
                  ? "Search matches the start of an email, name, phone number or external id; filters must all hold."
                  : "Send an event for a profile (see Activity for an example) or create one here."
            }
          >
            {scanLimit && next ? (
              <Link className={buttonClasses({ size: "sm" })} href={hrefFor(next)}>
                Keep searching
              </Link>
            ) : null}
          </EmptyState>
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
                    <TD className="font-medium">
                      <Link className="text-accent-700 hover:underline" href={`/profiles/${profile.id}`}>
                        {profile.email ?? profile.externalId ?? profile.phoneNumber ?? profile.id}
                      </Link>
                    </TD>
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
            <nav
              aria-label="Pages"
              className="flex items-center justify-between border-t border-zinc-200 px-4 py-2.5 text-xs text-zinc-500"
            >
              <span>
                {profiles.length} {profiles.length === 1 ? "profile" : "profiles"} on this page
                {sort === "email" ? " (profiles with an email, A–Z)" : " (newest first)"}
                {scanLimit
                  ? ` · filters checked on the next ${scanLimit.toLocaleString("en-US")} profiles only: Next looks further`
                  : ""}
              </span>
              <span className="flex gap-2">
                {previous ? (
                  <Link className={buttonClasses({ size: "sm" })} href={hrefFor(previous)}>
                    Previous
                  </Link>
                ) : null}
                {next ? (
                  <Link className={buttonClasses({ size: "sm" })} href={hrefFor(next)}>
                    Next
                  </Link>
                ) : null}
              </span>
            </nav>
          </>
        )}
      </Card>
    </Page>
  );
}

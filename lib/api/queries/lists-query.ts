import { readFilter } from "@/lib/api/klaviyo-filter";
import { decodeCursor, decodeIdCursor, readPageCursor, readPageSize } from "@/lib/api/pagination";
import { normaliseEmail, normalisePhone, refuseParameter, valuesFor } from "@/lib/api/queries/filter-values";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import type { TListMemberCursor } from "@/lib/audience/list-members";
import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

/** GET /api/lists query: filter name/id (equals, any); Klaviyo's page size 10, up to 100 here. */
export function readListsQuery(url: URL) {
  const conditions = readFilter(url, { name: ["equals", "any"], id: ["equals", "any"] });
  refuseParameter(url, "sort", ["id"]);
  refuseParameter(url, "include");
  const cursor = readPageCursor(url);
  return {
    ids: valuesFor(conditions, "id"),
    names: valuesFor(conditions, "name"),
    afterId: cursor ? decodeIdCursor(cursor) : undefined,
    pageSize: readPageSize(url, { defaultSize: 10, maxSize: 100 }),
    fields: readSparseFields(url, "list"),
  };
}

/** GET /api/lists/{id}/profiles query: filter email/phone_number (equals, any), join order. */
export function readListMembersQuery(url: URL) {
  const conditions = readFilter(url, { email: ["equals", "any"], phone_number: ["equals", "any"] });
  refuseParameter(url, "sort", ["joined_group_at"]);
  const raw = readPageCursor(url);
  let cursor: TListMemberCursor | undefined;
  if (raw) {
    const [joinedAt, profileId] = decodeCursor(raw, 2) as [string, string];
    const date = new Date(joinedAt);
    if (Number.isNaN(date.getTime()) || !isUuid(profileId))
      throw invalid("The page cursor is not valid", "page[cursor]");
    cursor = { joinedAt: date, profileId };
  }
  return {
    emails: valuesFor(conditions, "email", normaliseEmail),
    phoneNumbers: valuesFor(conditions, "phone_number", normalisePhone),
    cursor,
    pageSize: readPageSize(url, { defaultSize: 20, maxSize: 100 }),
    fields: readSparseFields(url, "profile"),
  };
}

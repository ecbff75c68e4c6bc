import { readFilter } from "@/lib/api/klaviyo-filter";
import { decodeCursor, readPageCursor, readPageSize } from "@/lib/api/pagination";
import { normaliseEmail, normalisePhone, refuseParameter, valuesFor } from "@/lib/api/queries/filter-values";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import type { TProfileCursor, TProfileFilter } from "@/lib/audience/find-profiles";
import { invalid } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

const IDENTIFIER_OPERATORS = ["equals", "any"] as const;

/** GET /api/profiles query: filter on id/email/phone_number/external_id (equals, any), newest first. */
export function readProfilesQuery(url: URL) {
  const conditions = readFilter(url, {
    id: IDENTIFIER_OPERATORS,
    email: IDENTIFIER_OPERATORS,
    phone_number: IDENTIFIER_OPERATORS,
    external_id: IDENTIFIER_OPERATORS,
  });
  refuseParameter(url, "sort", ["-created"]);
  refuseParameter(url, "include");
  const filter: TProfileFilter = {
    ids: valuesFor(conditions, "id"),
    emails: valuesFor(conditions, "email", normaliseEmail),
    phoneNumbers: valuesFor(conditions, "phone_number", normalisePhone),
    externalIds: valuesFor(conditions, "external_id"),
  };
  return {
    filter,
    cursor: readProfileCursor(url),
    pageSize: readPageSize(url, { defaultSize: 20, maxSize: 100 }),
    fields: readSparseFields(url, "profile"),
  };
}

function readProfileCursor(url: URL): TProfileCursor | undefined {
  const raw = readPageCursor(url);
  if (!raw) return undefined;
  const [createdAt, id] = decodeCursor(raw, 2) as [string, string];
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime()) || !isUuid(id))
    throw invalid("The page cursor is not valid", "page[cursor]");
  return { createdAt: date, id };
}

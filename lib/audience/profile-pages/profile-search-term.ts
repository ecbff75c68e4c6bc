import type { SqlParams } from "@/lib/audience/segments/compile-segment-sql";

// The Profiles page's search term as SQL over `profiles p` (database collation C, so a btree
// serves LIKE 'prefix%'): identifiers by their unique (workspace_id, …) btrees, names by the
// trigram GIN indexes on first_name and last_name (ILIKE).

export const PROFILE_SEARCH_FIELDS = ["any", "email", "name", "phone", "external_id"] as const;
export type TProfileSearchField = (typeof PROFILE_SEARCH_FIELDS)[number];

/** Escapes LIKE's wildcards so a search for "a_b%" matches those characters literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function nameCondition(term: string, params: SqlParams): string {
  const prefix = params.add(`${escapeLike(term)}%`, "text");
  const either = `p.first_name ilike ${prefix} escape '\\' or p.last_name ilike ${prefix} escape '\\'`;
  const space = term.indexOf(" ");
  if (space < 1) return `(${either})`;
  // "Jonas Yil": a full name starting with the term has a first name starting with its first word
  // and a last name containing its last word — two trigram lookups ANDed (a BitmapAnd of a few
  // hundred rows, not every "Jonas"); the full name then decides.
  const first = params.add(`${escapeLike(term.slice(0, space))}%`, "text");
  const last = params.add(`%${escapeLike(term.slice(term.lastIndexOf(" ") + 1))}%`, "text");
  return `(${either} or (p.first_name ilike ${first} escape '\\' and p.last_name ilike ${last} escape '\\'
    and (coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) ilike ${prefix} escape '\\'))`;
}

export function searchCondition(term: string, field: TProfileSearchField, params: SqlParams): string | null {
  if (!term) return null;
  const digits = term.replace(/[\s().-]/g, "");
  const isPhone = /^\+?\d+$/.test(digits);
  const email = () => `p.email like ${params.add(`${escapeLike(term.toLowerCase())}%`, "text")} escape '\\'`;
  const externalId = () => `p.external_id like ${params.add(`${escapeLike(term)}%`, "text")} escape '\\'`;
  const phone = () =>
    `p.phone_number like ${params.add(`${digits.startsWith("+") ? "" : "+"}${digits}%`, "text")}`;
  switch (field) {
    case "email":
      return email();
    case "external_id":
      return externalId();
    case "phone":
      return isPhone ? phone() : "false";
    case "name":
      return nameCondition(term, params);
    default:
      // Identifiers only, each an index range scan (a BitmapOr); names are field "name".
      if (term.includes("@")) return email();
      return `(${[email(), externalId(), ...(isPhone ? [phone()] : [])].join(" or ")})`;
  }
}

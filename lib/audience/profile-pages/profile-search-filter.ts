import { z } from "zod";
import {
  DAY_OPERATORS,
  PROFILE_COLUMNS,
  SEGMENT_PROPERTY_OPERATORS,
  type TSegmentCondition,
  type TSegmentPropertyOperator,
  ZProfilePropertySegmentCondition,
} from "@/lib/audience/segment-definition";
import { conditionSql, type SqlParams } from "@/lib/audience/segments/compile-segment-sql";

// The Profiles page's property filters ARE the segment builder's profile-property conditions: one
// schema (ZProfilePropertySegmentCondition), one SQL compiler, one meaning for "equals" or "is set"
// wherever a marketer reads it. This file adds what a URL needs (strings in, typed values out) and
// which filters an index serves:
// - "equals" on properties.<key>: containment (properties @> '{"key": value}'), GIN index
//   profiles_properties_idx, then the exact comparison on the few rows it returns;
// - "is set" on properties.<key>: key existence (properties ? 'key'), the same index;
// - "equals" on email, phone number, external id: their unique btrees.
// Every other filter (contains, starts with, greater/less, not …, days, other columns) is checked
// row by row while walking the page order, within a scan budget (search-profiles.ts).

export const MAX_PROFILE_FILTERS = 5;
export type TProfilePropertyFilter = Extract<TSegmentCondition, { kind: "profile-property" }>;

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/** "loyalty_tier" means properties.loyalty_tier: custom properties are what a filter is for. */
function propertyPath(text: string): string {
  const trimmed = text.trim();
  if ((PROFILE_COLUMNS as readonly string[]).includes(trimmed)) return trimmed;
  if (/^(properties|location)\./.test(trimmed) || trimmed === "") return trimmed;
  return `properties.${trimmed}`;
}

function typedValue(
  operator: TSegmentPropertyOperator,
  value: string,
): string | number | boolean | undefined {
  const text = value.trim();
  if (operator === "exists" || operator === "not_exists") return undefined;
  if (DAY_OPERATORS.includes(operator)) return /^\d+$/.test(text) ? Number(text) : text;
  // Compared as numbers when the value is one (10 > 9), as text otherwise (ISO dates sort as text).
  if ((operator === "greater_than" || operator === "less_than") && NUMBER_TEXT.test(text))
    return Number(text);
  return value;
}

/** A filter as a form or URL carries it (all strings), typed by its operator. */
export const ZProfileSearchFilter = z
  .object({
    property: z.string().max(200),
    operator: z.enum(SEGMENT_PROPERTY_OPERATORS, { message: "Choose an operator" }),
    value: z.string().max(1000).optional(),
  })
  .transform(
    ({ property, operator, value = "" }): z.input<typeof ZProfilePropertySegmentCondition> => ({
      kind: "profile-property" as const,
      property: propertyPath(property),
      operator,
      value: typedValue(operator, value),
    }),
  )
  .pipe(ZProfilePropertySegmentCondition);

export const ZProfileSearchFilters = z.array(ZProfileSearchFilter).max(MAX_PROFILE_FILTERS);

/** The JSON values a text "equals" can match (->> renders 42, true and "42" alike). */
function containmentCandidates(key: string, value: string): string[] {
  const candidates: unknown[] = [value];
  if (NUMBER_TEXT.test(value)) candidates.push(Number(value));
  if (value === "true" || value === "false") candidates.push(value === "true");
  return candidates.map((candidate) => JSON.stringify({ [key]: candidate }));
}

/** The index-served superset of a filter's matches, or null when no index serves it. */
function indexedSql(filter: TProfilePropertyFilter, params: SqlParams): string | null {
  const [root, key] = filter.property.split(".", 2) as [string, string | undefined];
  if (root === "properties" && key !== undefined) {
    if (filter.operator === "exists") return `p.properties ? ${params.add(key, "text")}`;
    if (filter.operator === "equals" && typeof filter.value === "string") {
      const each = containmentCandidates(key, filter.value).map(
        (json) => `p.properties @> ${params.add(json, "jsonb")}`,
      );
      return `(${each.join(" or ")})`;
    }
    return null;
  }
  // conditionSql writes `p.email = $n` for these: a unique btree lookup as it stands.
  return filter.operator === "equals" && ["email", "phone_number", "external_id"].includes(root)
    ? "true"
    : null;
}

/**
 * Splits filters into SQL the indexes serve (each an index superset AND the exact check) and the
 * exact checks that must be evaluated row by row.
 */
export function profileFilterSql(
  filters: readonly TProfilePropertyFilter[],
  params: SqlParams,
): { indexed: string[]; scanned: string[] } {
  const indexed: string[] = [];
  const scanned: string[] = [];
  for (const filter of filters) {
    const index = indexedSql(filter, params);
    const exact = conditionSql(filter, {
      params,
      workspaceParam: "$1::uuid",
      now: new Date(),
      strategy: "correlated",
    });
    if (index) indexed.push(index === "true" ? exact : `(${index} and ${exact})`);
    else scanned.push(exact);
  }
  return { indexed, scanned };
}

/** The filters in a URL: parallel repeated params fp (property), fo (operator), fv (value). */
export function filtersFromSearchParams(params: Record<string, string | string[] | undefined>) {
  const list = (name: string) => [params[name] ?? []].flat();
  const properties = list("fp");
  const operators = list("fo");
  const values = list("fv");
  const filters: TProfilePropertyFilter[] = [];
  const errors: string[] = [];
  properties.slice(0, MAX_PROFILE_FILTERS).forEach((property, index) => {
    if (!property.trim()) return;
    const parsed = ZProfileSearchFilter.safeParse({
      property,
      operator: operators[index],
      value: values[index],
    });
    if (parsed.success) filters.push(parsed.data);
    else errors.push(`Filter ${index + 1} (${property}): ${parsed.error.issues[0]?.message ?? "invalid"}`);
  });
  return { filters, errors };
}

/** The URL params of some filters (the inverse of filtersFromSearchParams). */
export function filterSearchParams(filters: readonly TProfilePropertyFilter[]): [string, string][] {
  return filters.flatMap((filter) => [
    ["fp", filter.property] as [string, string],
    ["fo", filter.operator] as [string, string],
    ["fv", filter.value === undefined ? "" : String(filter.value)] as [string, string],
  ]);
}

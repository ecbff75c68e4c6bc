import { FilterParser, type TNode } from "@/lib/api/klaviyo-filter-parser";
import { invalid } from "@/lib/errors";

// Klaviyo's `filter` query parameter (developers.klaviyo.com "Filtering"): `operator(field,value)`
// conditions, combined with `and(...)` or by separating them with commas, e.g.
//   equals(email,"ada@example.com")
//   any(email,["a@example.com","b@example.com"]),greater-than(datetime,2024-01-01T00:00:00Z)
// Values: "double" or 'single' quoted strings (backslash escapes), numbers, true/false/null,
// unquoted ISO datetimes, and [lists]. `or(...)` and `not(...)` are parsed but refused by
// restrictFilter: no endpoint here supports them yet, and silently ignoring one would return
// rows the caller did not ask for.

export type TFilterScalar = string | number | boolean | null;
export type TFilterValue = TFilterScalar | TFilterScalar[];
export type TFilterCondition = { operator: string; field: string; value: TFilterValue };

const PARAMETER = "filter";
const MAX_FILTER_LENGTH = 10_000;

function toScalar(node: TNode): TFilterScalar {
  if (node.kind === "string") return node.value;
  if (node.kind === "bare") {
    if (node.text === "true") return true;
    if (node.text === "false") return false;
    if (node.text === "null") return null;
    if (/^-?\d+(\.\d+)?$/.test(node.text)) return Number(node.text);
    // Unquoted datetimes (Klaviyo's documented form) stay strings; the endpoint parses them.
    if (/^\d{4}-\d{2}-\d{2}/.test(node.text)) return node.text;
  }
  throw invalid(`Invalid filter: expected a value at position ${node.at}`, PARAMETER);
}

function flatten(node: TNode, out: TFilterCondition[]): void {
  if (node.kind !== "call")
    throw invalid(`Invalid filter: expected a condition at position ${node.at}`, PARAMETER);
  if (node.operator === "and") {
    if (node.args.length === 0) throw invalid("Invalid filter: and() needs conditions", PARAMETER);
    for (const arg of node.args) flatten(arg, out);
    return;
  }
  if (node.operator === "or" || node.operator === "not") {
    throw invalid(
      `Invalid filter: ${node.operator}(...) is not supported; combine conditions with and(...)`,
      PARAMETER,
    );
  }
  const [field, value, ...rest] = node.args;
  if (field?.kind !== "bare" || !value || rest.length > 0) {
    throw invalid(
      `Invalid filter: ${node.operator}(...) at position ${node.at} takes a field and a value, e.g. ${node.operator}(email,"ada@example.com")`,
      PARAMETER,
    );
  }
  const parsed = value.kind === "list" ? value.values.map(toScalar) : toScalar(value);
  out.push({ operator: node.operator, field: field.text, value: parsed });
}

/** Parses a Klaviyo filter into the list of conditions it ANDs together (400 on a syntax error). */
export function parseKlaviyoFilter(raw: string): TFilterCondition[] {
  if (raw.length > MAX_FILTER_LENGTH)
    throw invalid(`The filter is longer than ${MAX_FILTER_LENGTH} characters`, PARAMETER);
  const conditions: TFilterCondition[] = [];
  for (const node of new FilterParser(raw).parseTopLevel()) flatten(node, conditions);
  return conditions;
}

/**
 * Checks each condition against what the endpoint supports ({ field: [operators] }), and that
 * `any` gets a list and the others a single value; 400 naming what is allowed otherwise.
 */
export function restrictFilter(
  conditions: TFilterCondition[],
  allowed: Record<string, readonly string[]>,
): TFilterCondition[] {
  for (const condition of conditions) {
    const operators = allowed[condition.field];
    if (!operators) {
      const fields = Object.keys(allowed);
      throw invalid(
        `Invalid filter: filtering on "${condition.field}" is not supported here${fields.length ? ` (supported: ${fields.join(", ")})` : ""}`,
        PARAMETER,
      );
    }
    if (!operators.includes(condition.operator)) {
      throw invalid(
        `Invalid filter: "${condition.operator}" is not supported for ${condition.field} (supported: ${operators.join(", ")})`,
        PARAMETER,
      );
    }
    const isList = Array.isArray(condition.value);
    if (condition.operator === "any" ? !isList : isList) {
      throw invalid(
        `Invalid filter: ${condition.operator}(${condition.field}, …) takes ${condition.operator === "any" ? "a [list]" : "a single value"}`,
        PARAMETER,
      );
    }
  }
  return conditions;
}

/** Parses `filter` from a URL's query (no filter → no conditions) and restricts it. */
export function readFilter(url: URL, allowed: Record<string, readonly string[]>): TFilterCondition[] {
  const raw = url.searchParams.get(PARAMETER);
  if (raw === null || raw.trim() === "") return [];
  return restrictFilter(parseKlaviyoFilter(raw), allowed);
}

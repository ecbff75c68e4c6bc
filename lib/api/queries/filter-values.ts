import type { TFilterCondition, TFilterScalar } from "@/lib/api/klaviyo-filter";
import { invalid } from "@/lib/errors";

/** The string values of an equals/any condition (numbers are accepted and stringified). */
export function stringValues(condition: TFilterCondition): string[] {
  const values: TFilterScalar[] = Array.isArray(condition.value) ? condition.value : [condition.value];
  if (values.length > 100) throw invalid("Invalid filter: any(...) takes at most 100 values", "filter");
  return values.map((value) => {
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
    throw invalid(`Invalid filter: ${condition.field} needs a string value`, "filter");
  });
}

/** Conditions on one field, intersected: equals(x,"a"),any(x,["a","b"]) → ["a"]. */
export function valuesFor(
  conditions: TFilterCondition[],
  field: string,
  normalise: (value: string) => string = (v) => v,
) {
  let result: string[] | undefined;
  for (const condition of conditions) {
    if (condition.field !== field) continue;
    const values = stringValues(condition).map(normalise);
    result = result ? result.filter((value) => values.includes(value)) : values;
  }
  return result;
}

/** A datetime filter value: an ISO datetime, or Unix seconds. */
export function dateValue(condition: TFilterCondition): Date {
  const value = condition.value;
  const date =
    typeof value === "number"
      ? new Date(value * 1000)
      : typeof value === "string"
        ? new Date(value)
        : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw invalid(
      `Invalid filter: ${condition.field} needs a datetime such as 2026-01-01T00:00:00Z`,
      "filter",
    );
  }
  return date;
}

export const normaliseEmail = (value: string) => value.trim().toLowerCase();
export const normalisePhone = (value: string) => value.replace(/[\s().-]/g, "");

/** Query parameters this endpoint does not support are refused rather than ignored. */
export function refuseParameter(url: URL, name: string, allowed: readonly string[] = []): void {
  const value = url.searchParams.get(name);
  if (value === null || value === "" || allowed.includes(value)) return;
  throw invalid(
    `${name}=${value} is not supported here${allowed.length ? ` (supported: ${allowed.join(", ")})` : ""}`,
    name,
  );
}

/** `include=a,b` restricted to the given relationships. */
export function readInclude(url: URL, allowed: readonly string[]): Set<string> {
  const raw = url.searchParams.get("include");
  const names = raw
    ? raw
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean)
    : [];
  for (const name of names) {
    if (!allowed.includes(name)) {
      throw invalid(
        `include=${name} is not supported here${allowed.length ? ` (supported: ${allowed.join(", ")})` : ""}`,
        "include",
      );
    }
  }
  return new Set(names);
}

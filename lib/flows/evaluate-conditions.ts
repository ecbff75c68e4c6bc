import type { TCondition, TConditionOperator, TConditions } from "@/lib/flows/conditions";

/** What conditions are evaluated against; the engine loads it in bulk for a batch of steps. */
export type TConditionSubject = {
  profile: Record<string, unknown> & { properties?: unknown; location?: unknown };
  event: { properties: Record<string, unknown> } | null;
  listIds: ReadonlySet<string>;
  segmentIds: ReadonlySet<string>;
  now: Date;
};

// Profile paths use Klaviyo's field names; anything else is looked up in `properties`.
const PROFILE_FIELDS: Record<string, string> = {
  email: "email",
  phone_number: "phoneNumber",
  external_id: "externalId",
  first_name: "firstName",
  last_name: "lastName",
  organization: "organization",
  title: "title",
  locale: "locale",
  timezone: "timezone",
  created: "createdAt",
  updated: "updatedAt",
};

export function evaluateConditions(conditions: TConditions, subject: TConditionSubject): boolean {
  const groups = conditions.groups.filter((group) => group.conditions.length > 0);
  if (groups.length === 0) return true;
  const groupMatches = (group: (typeof groups)[number]) =>
    group.match === "all"
      ? group.conditions.every((condition) => evaluateCondition(condition, subject))
      : group.conditions.some((condition) => evaluateCondition(condition, subject));
  return conditions.match === "all" ? groups.every(groupMatches) : groups.some(groupMatches);
}

export function evaluateCondition(condition: TCondition, subject: TConditionSubject): boolean {
  switch (condition.kind) {
    case "list-membership":
      return subject.listIds.has(condition.listId) === condition.isMember;
    case "segment-membership":
      return subject.segmentIds.has(condition.segmentId) === condition.isMember;
    case "profile-property":
      return compare(
        profileValue(subject.profile, condition.property),
        condition.operator,
        condition.value,
        subject.now,
      );
    case "event-property":
      // A condition on the event is false when the run has no event (list, segment, date triggers).
      if (!subject.event) return condition.operator === "not_exists";
      return compare(
        readPath(subject.event.properties, condition.property),
        condition.operator,
        condition.value,
        subject.now,
      );
  }
}

export function profileValue(profile: TConditionSubject["profile"], path: string): unknown {
  const field = PROFILE_FIELDS[path];
  if (field) return profile[field];
  if (path.startsWith("properties.")) return readPath(profile.properties, path.slice("properties.".length));
  if (path.startsWith("location.")) return readPath(profile.location, path.slice("location.".length));
  return readPath(profile.properties, path);
}

/** Reads "a.b.0.c" through objects and arrays; own properties only (never the prototype chain). */
export function readPath(root: unknown, path: string): unknown {
  if (root && typeof root === "object" && Object.hasOwn(root, path))
    return (root as Record<string, unknown>)[path];
  let current: unknown = root;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function compare(
  actual: unknown,
  operator: TConditionOperator,
  expected: string | number | boolean | undefined,
  now: Date,
): boolean {
  const isPresent = actual !== undefined && actual !== null && actual !== "";
  switch (operator) {
    case "exists":
      return isPresent;
    case "not_exists":
      return !isPresent;
    case "equals":
      return isPresent && isEqual(actual, expected);
    case "not_equals":
      return !isPresent || !isEqual(actual, expected);
    case "contains":
      return isPresent && contains(actual, expected);
    case "not_contains":
      return !isPresent || !contains(actual, expected);
    case "starts_with":
      return typeof actual === "string" && actual.toLowerCase().startsWith(String(expected).toLowerCase());
    case "greater_than":
    case "less_than": {
      const order = ordering(actual, expected);
      if (order === null) return false;
      return operator === "greater_than" ? order > 0 : order < 0;
    }
    case "in_last_days": {
      const time = toTime(actual);
      if (time === null || typeof expected !== "number") return false;
      return time <= now.getTime() && time >= now.getTime() - expected * 86_400_000;
    }
  }
}

function isEqual(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => isEqual(item, expected));
  if (typeof actual === "number") return actual === Number(expected);
  if (typeof actual === "boolean") return actual === (expected === true || expected === "true");
  if (actual instanceof Date) return actual.getTime() === toTime(expected);
  return String(actual) === String(expected);
}

function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => isEqual(item, expected));
  return String(actual).toLowerCase().includes(String(expected).toLowerCase());
}

/** Numbers compare as numbers; otherwise dates as dates; otherwise no order (false). */
function ordering(actual: unknown, expected: unknown): number | null {
  const left =
    typeof actual === "number"
      ? actual
      : typeof actual === "string" && actual.trim() !== ""
        ? Number(actual)
        : Number.NaN;
  const right =
    typeof expected === "number"
      ? expected
      : typeof expected === "string" && expected.trim() !== ""
        ? Number(expected)
        : Number.NaN;
  if (!Number.isNaN(left) && !Number.isNaN(right)) return left - right;
  const leftTime = toTime(actual);
  const rightTime = toTime(expected);
  if (leftTime !== null && rightTime !== null) return leftTime - rightTime;
  return null;
}

function toTime(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

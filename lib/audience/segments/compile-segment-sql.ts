import pg from "pg";
import type {
  TEventPropertyFilter,
  TSegmentCondition,
  TSegmentDefinition,
  TSegmentPropertyOperator,
} from "@/lib/audience/segment-definition";

// A definition becomes ONE boolean SQL expression over `profiles p`, evaluated by PostgreSQL for
// every profile at once (full recompute) or for a handful (incremental, explain). Values travel as
// parameters; property keys are escaped literals, because an expression index is only used when
// the query repeats its exact expression (the date index: substr(properties->>'birthday', 6, 5)).
//
// Two strategies for event counts, because their best plans differ:
// - "set": one grouped scan of the metric's events (index (metric_id, time, id)), hashed and
//   probed per profile: p.id IN (… GROUP BY profile_id HAVING count(*) >= n). A correlated count
//   would be 1M index probes.
// - "correlated": a count over the profile's own events (index (profile_id, time, id)), for the
//   few profiles an ingestion batch or an explanation is about — the set plan would scan the whole
//   metric for them.

export type TCompileStrategy = "set" | "correlated";

export class SqlParams {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

export type TCompileContext = {
  params: SqlParams;
  /** The workspace id parameter, e.g. "$1::uuid" (event subqueries stay inside the tenant). */
  workspaceParam: string;
  now: Date;
  strategy: TCompileStrategy;
};

const DAY_MS = 86_400_000;
const NUMERIC_TEXT = String.raw`^\s*-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]{1,3})?\s*$`;
const ISO_DATE = "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";

type TOperand = { text: string };

function profileOperand(property: string): TOperand {
  if (property === "created_at") return { text: "to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD')" };
  const [root, key] = property.split(".", 2) as [string, string | undefined];
  if (key !== undefined) return { text: `p.${root}->>${pg.escapeLiteral(key)}` };
  return { text: `p.${pg.escapeIdentifier(root)}` };
}

const numericOf = (text: string) => `(case when ${text} ~ '${NUMERIC_TEXT}' then (${text})::numeric end)`;
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (match) => `\\${match}`);

/** The calendar date an ISO "YYYY-MM-DD…" text names, or null (also for 2026-02-30): never throws. */
function dateOf(text: string): string {
  const firstOfMonth = `(left(${text}, 8) || '01')::date`;
  const day = `substr(${text}, 9, 2)::int`;
  const candidate = `(${firstOfMonth} + (${day} - 1))`;
  return `(case when ${text} ~ '${ISO_DATE}' and extract(day from ${candidate}) = ${day} then ${candidate} end)`;
}

const utcDay = (time: Date) => time.toISOString().slice(0, 10);

/** "MM-DD" keys of today and the next `days` days (UTC), with 29 February kept for leap birthdays. */
export function monthDaysAhead(now: Date, days: number): string[] {
  const keys = new Set<string>();
  for (let offset = 0; offset <= Math.min(days, 366); offset++) {
    const day = new Date(now.getTime() + offset * DAY_MS).toISOString();
    keys.add(day.slice(5, 10));
    if (day.slice(5, 10) === "02-28") keys.add("02-29");
  }
  return [...keys].sort();
}

function comparison(
  operand: TOperand,
  operator: TSegmentPropertyOperator,
  value: string | number | boolean | undefined,
  context: TCompileContext,
): string {
  const { params } = context;
  const text = operand.text;
  switch (operator) {
    case "equals":
      return typeof value === "number"
        ? `${numericOf(text)} = ${params.add(value, "numeric")}`
        : `${text} = ${params.add(String(value), "text")}`;
    case "not_equals":
      return `not coalesce(${comparison(operand, "equals", value, context)}, false)`;
    case "contains":
      return `${text} ilike '%' || ${params.add(likeEscape(String(value)), "text")} || '%'`;
    case "not_contains":
      return `not coalesce(${comparison(operand, "contains", value, context)}, false)`;
    case "starts_with":
      return `${text} ilike ${params.add(likeEscape(String(value)), "text")} || '%'`;
    case "greater_than":
    case "less_than": {
      const sign = operator === "greater_than" ? ">" : "<";
      return typeof value === "number"
        ? `${numericOf(text)} ${sign} ${params.add(value, "numeric")}`
        : `${text} collate "C" ${sign} ${params.add(String(value), "text")}`;
    }
    case "exists":
      return `${text} is not null`;
    case "not_exists":
      return `${text} is null`;
    case "in_last_days": {
      const today = params.add(utcDay(context.now), "date");
      return `${dateOf(text)} between ${today} - ${params.add(value, "int")} and ${today}`;
    }
    case "in_next_days": {
      const today = params.add(utcDay(context.now), "date");
      return `${dateOf(text)} between ${today} and ${today} + ${params.add(value, "int")}`;
    }
    case "anniversary_in_next_days": {
      // The date index's own expression (lib/engine/date-index.ts), so a large workspace's scan
      // can use it; "--MM-DD" is the ISO form of a date without a year.
      const monthDays = monthDaysAhead(context.now, Number(value));
      return `(substr(${text}, 6, 5) = any(${params.add(monthDays, "text[]")}) and ${text} ~ '${ISO_DATE}'
        or ${text} = any(${params.add(
          monthDays.map((key) => `--${key}`),
          "text[]",
        )}))`;
    }
  }
}

function eventFilterSql(filter: TEventPropertyFilter | undefined, context: TCompileContext): string {
  if (!filter) return "";
  const operand = { text: `e.properties->>${pg.escapeLiteral(filter.property)}` };
  return ` and coalesce(${comparison(operand, filter.operator, filter.value, context)}, false)`;
}

function eventCountSql(
  condition: Extract<TSegmentCondition, { kind: "event-count" }>,
  context: TCompileContext,
): string {
  const { params } = context;
  // Every profile has done it at least 0 times; return before adding parameters the SQL would not use.
  if (condition.comparison === "at_least" && condition.count === 0) return "true";
  const since =
    condition.window.kind === "last_days"
      ? ` and e.time >= ${params.add(new Date(context.now.getTime() - condition.window.days * DAY_MS), "timestamptz")}`
      : "";
  const metric = params.add(condition.metricId, "uuid");
  const filter = eventFilterSql(condition.filter, context);
  const count = condition.count;
  if (context.strategy === "correlated") {
    const counted = `(select count(*) from events e where e.profile_id = p.id and e.metric_id = ${metric}${since}${filter})`;
    const sign = { at_least: ">=", at_most: "<=", exactly: "=" }[condition.comparison];
    return `${counted} ${sign} ${count}`;
  }
  const events = `select e.profile_id from events e where e.workspace_id = ${context.workspaceParam} and e.metric_id = ${metric}${since}${filter}`;
  const having = (sign: string, n: number) =>
    `p.id in (${events} group by e.profile_id having count(*) ${sign} ${n})`;
  switch (condition.comparison) {
    case "at_least":
      return having(">=", count);
    case "at_most":
      return `not (${having(">", count)})`;
    case "exactly":
      return count === 0 ? `not (p.id in (${events}))` : having("=", count);
  }
}

export function conditionSql(condition: TSegmentCondition, context: TCompileContext): string {
  switch (condition.kind) {
    case "profile-property":
      return `coalesce(${comparison(profileOperand(condition.property), condition.operator, condition.value, context)}, false)`;
    case "event-count":
      return eventCountSql(condition, context);
    case "list-membership":
      return `${condition.isMember ? "" : "not "}exists (select 1 from list_memberships lm
        where lm.list_id = ${context.params.add(condition.listId, "uuid")} and lm.profile_id = p.id)`;
    case "segment-membership":
      return `${condition.isMember ? "" : "not "}exists (select 1 from segment_memberships sm
        where sm.segment_id = ${context.params.add(condition.segmentId, "uuid")} and sm.profile_id = p.id)`;
  }
}

/** The whole definition as one predicate over `profiles p`. */
export function compileSegmentPredicate(definition: TSegmentDefinition, context: TCompileContext): string {
  const groups = definition.groups.map((group) => {
    const parts = group.conditions.map((condition) => `(${conditionSql(condition, context)})`);
    return `(${parts.join(group.match === "all" ? " and " : " or ")})`;
  });
  return `(${groups.join(definition.match === "all" ? " and " : " or ")})`;
}

"use client";

import { Button } from "@/components/ui/button";
import { CONDITION_OPERATORS, type TCondition, type TConditions } from "@/lib/flows/conditions";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";
import type { TEditorReferences } from "./editor-types";
import { controlClass } from "./form-kit";

type TKind = TCondition["kind"];

const KIND_LABELS: Record<TKind, string> = {
  "profile-property": "Profile property",
  "event-property": "Event property",
  "list-membership": "In list",
  "segment-membership": "In segment",
};

const OPERATOR_LABELS: Record<(typeof CONDITION_OPERATORS)[number], string> = {
  equals: "equals",
  not_equals: "does not equal",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  greater_than: "is greater than",
  less_than: "is less than",
  exists: "exists",
  not_exists: "does not exist",
  in_last_days: "is in the last N days",
};

const NUMERIC_OPERATORS = new Set(["greater_than", "less_than", "in_last_days"]);

function blank(kind: TKind): TCondition {
  switch (kind) {
    case "list-membership":
      return { kind, listId: UNCHOSEN_ID, isMember: true };
    case "segment-membership":
      return { kind, segmentId: UNCHOSEN_ID, isMember: true };
    default:
      return { kind, property: "", operator: "equals", value: "" };
  }
}

/** Typed values: numbers where the operator compares numbers, true/false as booleans. */
function parseValue(operator: string, raw: string): string | number | boolean {
  if (NUMERIC_OPERATORS.has(operator) && raw.trim() !== "" && Number.isFinite(Number(raw)))
    return Number(raw);
  if (raw === "true") return true;
  if (raw === "false") return false;
  return raw;
}

/**
 * A simple editor for one group of conditions (all / any), which covers most flows; several
 * AND/OR groups can be saved by the schema but are not editable here yet.
 */
export function ConditionsEditor({
  conditions,
  kinds,
  onChange,
  references,
  disabled,
}: {
  conditions: TConditions;
  kinds: TKind[];
  onChange: (conditions: TConditions) => void;
  references: TEditorReferences;
  disabled: boolean;
}) {
  const group = conditions.groups[0] ?? { match: "all" as const, conditions: [] };
  const rows = group.conditions;
  const setRows = (next: TCondition[], match = group.match) =>
    onChange({
      match: conditions.match,
      groups: next.length === 0 ? [] : [{ match, conditions: next }, ...conditions.groups.slice(1)],
    });
  const update = (index: number, row: TCondition) => setRows(rows.map((old, i) => (i === index ? row : old)));
  return (
    <div className="space-y-2" data-testid="conditions-editor">
      {rows.length > 1 ? (
        <select
          aria-label="Match"
          className={controlClass(false, "h-7 w-auto text-xs")}
          value={group.match}
          onChange={(event) => setRows(rows, event.target.value as "all" | "any")}
          disabled={disabled}
        >
          <option value="all">All of these</option>
          <option value="any">Any of these</option>
        </select>
      ) : null}
      {rows.map((row, index) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; order is their identity
          key={index}
          className="space-y-1 rounded-md border border-zinc-200 p-2"
          data-testid="condition-row"
        >
          <div className="flex gap-1">
            <select
              aria-label="Condition kind"
              className={controlClass(false, "h-7 min-w-0 flex-1 text-xs")}
              value={row.kind}
              onChange={(event) => update(index, blank(event.target.value as TKind))}
              disabled={disabled || kinds.length === 1}
            >
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </select>
            <Button
              size="sm"
              variant="ghost"
              aria-label="Remove condition"
              onClick={() => setRows(rows.filter((_, i) => i !== index))}
              disabled={disabled}
            >
              ✕
            </Button>
          </div>
          {row.kind === "profile-property" || row.kind === "event-property" ? (
            <>
              <input
                aria-label="Property"
                placeholder={row.kind === "profile-property" ? "e.g. location.country" : "e.g. $value"}
                className={controlClass(row.property.trim() === "", "h-7 w-full text-xs")}
                value={row.property}
                onChange={(event) => update(index, { ...row, property: event.target.value })}
                disabled={disabled}
              />
              <div className="flex gap-1">
                <select
                  aria-label="Operator"
                  className={controlClass(false, "h-7 min-w-0 flex-1 text-xs")}
                  value={row.operator}
                  onChange={(event) => {
                    const operator = event.target.value as typeof row.operator;
                    update(index, { ...row, operator, value: parseValue(operator, String(row.value ?? "")) });
                  }}
                  disabled={disabled}
                >
                  {CONDITION_OPERATORS.map((operator) => (
                    <option key={operator} value={operator}>
                      {OPERATOR_LABELS[operator]}
                    </option>
                  ))}
                </select>
                {row.operator === "exists" || row.operator === "not_exists" ? null : (
                  <input
                    aria-label="Value"
                    className={controlClass(
                      row.value === undefined || row.value === "",
                      "h-7 min-w-0 flex-1 text-xs",
                    )}
                    value={String(row.value ?? "")}
                    onChange={(event) =>
                      update(index, { ...row, value: parseValue(row.operator, event.target.value) })
                    }
                    disabled={disabled}
                  />
                )}
              </div>
            </>
          ) : (
            <div className="flex gap-1">
              <select
                aria-label="Is member"
                className={controlClass(false, "h-7 w-24 text-xs")}
                value={row.isMember ? "yes" : "no"}
                onChange={(event) => update(index, { ...row, isMember: event.target.value === "yes" })}
                disabled={disabled}
              >
                <option value="yes">is in</option>
                <option value="no">is not in</option>
              </select>
              <select
                aria-label={row.kind === "list-membership" ? "List" : "Segment"}
                className={controlClass(false, "h-7 min-w-0 flex-1 text-xs")}
                value={row.kind === "list-membership" ? row.listId : row.segmentId}
                onChange={(event) =>
                  update(
                    index,
                    row.kind === "list-membership"
                      ? { ...row, listId: event.target.value }
                      : { ...row, segmentId: event.target.value },
                  )
                }
                disabled={disabled}
              >
                <option value={UNCHOSEN_ID}>Choose…</option>
                {(row.kind === "list-membership" ? references.lists : references.segments).map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      ))}
      <Button size="sm" onClick={() => setRows([...rows, blank(kinds[0]!)])} disabled={disabled}>
        Add condition
      </Button>
    </div>
  );
}

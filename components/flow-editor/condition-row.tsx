"use client";

import { Button } from "@/components/ui/button";
import { CONDITION_OPERATORS, type TCondition } from "@/lib/flows/conditions";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";
import type { TEditorReferences } from "./editor-types";
import { controlClass } from "./form-kit";

export type TConditionKind = TCondition["kind"];

const KIND_LABELS: Record<TConditionKind, string> = {
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

export function blankCondition(kind: TConditionKind): TCondition {
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

/** One condition: its kind, then property + operator + value, or in/not in a list or segment. */
export function ConditionRow({
  row,
  kinds,
  onChange,
  onRemove,
  references,
  disabled,
}: {
  row: TCondition;
  kinds: TConditionKind[];
  onChange: (row: TCondition) => void;
  onRemove: () => void;
  references: TEditorReferences;
  disabled: boolean;
}) {
  return (
    <div className="space-y-1 rounded-md border border-zinc-200 bg-white p-2" data-testid="condition-row">
      <div className="flex gap-1">
        <select
          aria-label="Condition kind"
          className={controlClass(false, "h-7 min-w-0 flex-1 text-xs")}
          value={row.kind}
          onChange={(event) => onChange(blankCondition(event.target.value as TConditionKind))}
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
          onClick={onRemove}
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
            onChange={(event) => onChange({ ...row, property: event.target.value })}
            disabled={disabled}
          />
          <div className="flex gap-1">
            <select
              aria-label="Operator"
              className={controlClass(false, "h-7 min-w-0 flex-1 text-xs")}
              value={row.operator}
              onChange={(event) => {
                const operator = event.target.value as typeof row.operator;
                onChange({ ...row, operator, value: parseValue(operator, String(row.value ?? "")) });
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
                  onChange({ ...row, value: parseValue(row.operator, event.target.value) })
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
            onChange={(event) => onChange({ ...row, isMember: event.target.value === "yes" })}
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
              onChange(
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
  );
}

"use client";

import { OPERATOR_LABELS_TEXT } from "@/components/segments/operator-labels";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CONTROL_CLASSES, Select } from "@/components/ui/field";
import {
  DAY_OPERATORS,
  SEGMENT_PROPERTY_OPERATORS,
  type TSegmentCondition,
  type TSegmentPropertyOperator,
} from "@/lib/audience/segment-definition";
import type { TSegmentBuilderOptions } from "@/lib/audience/segments/load-builder-options";

const OPERATOR_LABELS = OPERATOR_LABELS_TEXT;

const KIND_LABELS: Record<TSegmentCondition["kind"], string> = {
  "profile-property": "Profile property",
  "event-count": "Did an event",
  "list-membership": "List membership",
  "segment-membership": "Segment membership",
};

/** A new condition of a kind, with the first workspace option picked where there is one. */
export function newCondition(
  kind: TSegmentCondition["kind"],
  options: TSegmentBuilderOptions,
): TSegmentCondition {
  switch (kind) {
    case "profile-property":
      return { kind, property: "locale", operator: "equals", value: "" };
    case "event-count":
      return {
        kind,
        metricId: options.metrics[0]?.id ?? "",
        comparison: "at_least",
        count: 1,
        window: { kind: "last_days", days: 30 },
      };
    case "list-membership":
      return { kind, listId: options.lists[0]?.id ?? "", isMember: true };
    case "segment-membership":
      return { kind, segmentId: options.segments[0]?.id ?? "", isMember: true };
  }
}

/** Text typed into a value box → the operand: numbers and true/false as such, for typed comparison. */
export function parseOperand(text: string, operator: TSegmentPropertyOperator): string | number | boolean {
  if (DAY_OPERATORS.includes(operator)) return text.trim() === "" ? "" : Number(text);
  if (["contains", "not_contains", "starts_with"].includes(operator)) return text;
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

const inputClasses = cn(CONTROL_CLASSES, "h-8 border-zinc-300");

export function ConditionRow({
  condition,
  options,
  errors,
  excludeSegmentId,
  onChange,
  onRemove,
}: {
  condition: TSegmentCondition;
  options: TSegmentBuilderOptions;
  /** Field errors under this condition, keyed by the rest of the path ("value", "metricId"). */
  errors: Record<string, string>;
  excludeSegmentId: string | null;
  onChange: (condition: TSegmentCondition) => void;
  onRemove: () => void;
}) {
  const kindSelect = (
    <Select
      aria-label="Condition type"
      className="w-44"
      value={condition.kind}
      onChange={(event) => onChange(newCondition(event.target.value as TSegmentCondition["kind"], options))}
    >
      {Object.entries(KIND_LABELS).map(([kind, label]) => (
        <option key={kind} value={kind}>
          {label}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="space-y-1" data-testid="segment-condition">
      <div className="flex flex-wrap items-center gap-2">
        {kindSelect}
        <ConditionFields
          condition={condition}
          options={options}
          excludeSegmentId={excludeSegmentId}
          onChange={onChange}
        />
        <Button variant="ghost" size="sm" onClick={onRemove} aria-label="Remove condition">
          Remove
        </Button>
      </div>
      {Object.entries(errors).map(([field, message]) => (
        <p key={field} className="text-xs text-red-600">
          {message}
        </p>
      ))}
    </div>
  );
}

function ConditionFields({
  condition,
  options,
  excludeSegmentId,
  onChange,
}: {
  condition: TSegmentCondition;
  options: TSegmentBuilderOptions;
  excludeSegmentId: string | null;
  onChange: (condition: TSegmentCondition) => void;
}) {
  switch (condition.kind) {
    case "profile-property": {
      const isValueless = condition.operator === "exists" || condition.operator === "not_exists";
      return (
        <>
          <input
            aria-label="Property"
            list="segment-property-options"
            className={cn(inputClasses, "w-48")}
            value={condition.property}
            onChange={(event) => onChange({ ...condition, property: event.target.value })}
          />
          <Select
            aria-label="Operator"
            className="w-64"
            value={condition.operator}
            onChange={(event) => {
              const operator = event.target.value as TSegmentPropertyOperator;
              onChange({
                ...condition,
                operator,
                value: DAY_OPERATORS.includes(operator) ? 30 : condition.value,
              });
            }}
          >
            {SEGMENT_PROPERTY_OPERATORS.map((operator) => (
              <option key={operator} value={operator}>
                {OPERATOR_LABELS[operator]}
              </option>
            ))}
          </Select>
          {isValueless ? null : (
            <input
              aria-label="Value"
              className={cn(inputClasses, "w-40")}
              value={condition.value === undefined ? "" : String(condition.value)}
              onChange={(event) =>
                onChange({ ...condition, value: parseOperand(event.target.value, condition.operator) })
              }
            />
          )}
        </>
      );
    }
    case "event-count":
      return (
        <>
          <Select
            aria-label="Metric"
            className="w-44"
            value={condition.metricId}
            onChange={(event) => onChange({ ...condition, metricId: event.target.value })}
          >
            {options.metrics.length === 0 ? <option value="">No metrics yet</option> : null}
            {options.metrics.map((metric) => (
              <option key={metric.id} value={metric.id}>
                {metric.name}
              </option>
            ))}
          </Select>
          <Select
            aria-label="How many times"
            className="w-28"
            value={condition.comparison}
            onChange={(event) =>
              onChange({ ...condition, comparison: event.target.value as typeof condition.comparison })
            }
          >
            <option value="at_least">at least</option>
            <option value="at_most">at most</option>
            <option value="exactly">exactly</option>
          </Select>
          <input
            aria-label="Count"
            type="number"
            min={0}
            className={cn(inputClasses, "w-20")}
            value={condition.count}
            onChange={(event) => onChange({ ...condition, count: Number(event.target.value) })}
          />
          <span className="text-[13px] text-zinc-600">times</span>
          <Select
            aria-label="Time window"
            className="w-32"
            value={condition.window.kind}
            onChange={(event) =>
              onChange({
                ...condition,
                window: event.target.value === "ever" ? { kind: "ever" } : { kind: "last_days", days: 30 },
              })
            }
          >
            <option value="last_days">in the last</option>
            <option value="ever">ever</option>
          </Select>
          {condition.window.kind === "last_days" ? (
            <>
              <input
                aria-label="Days"
                type="number"
                min={1}
                className={cn(inputClasses, "w-20")}
                value={condition.window.days}
                onChange={(event) =>
                  onChange({ ...condition, window: { kind: "last_days", days: Number(event.target.value) } })
                }
              />
              <span className="text-[13px] text-zinc-600">days</span>
            </>
          ) : null}
          <EventFilterFields condition={condition} onChange={onChange} />
        </>
      );
    case "list-membership":
    case "segment-membership": {
      const isList = condition.kind === "list-membership";
      const choices = isList
        ? options.lists
        : options.segments.filter((segment) => segment.id !== excludeSegmentId);
      const value = isList ? condition.listId : condition.segmentId;
      return (
        <>
          <Select
            aria-label="Membership"
            className="w-36"
            value={condition.isMember ? "in" : "not_in"}
            onChange={(event) => onChange({ ...condition, isMember: event.target.value === "in" })}
          >
            <option value="in">is in</option>
            <option value="not_in">is not in</option>
          </Select>
          <Select
            aria-label={isList ? "List" : "Segment"}
            className="w-52"
            value={value}
            onChange={(event) =>
              onChange(
                isList
                  ? { ...condition, listId: event.target.value }
                  : {
                      ...(condition as Extract<TSegmentCondition, { kind: "segment-membership" }>),
                      segmentId: event.target.value,
                    },
              )
            }
          >
            {choices.length === 0 ? <option value="">None yet</option> : null}
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </Select>
        </>
      );
    }
  }
}

function EventFilterFields({
  condition,
  onChange,
}: {
  condition: Extract<TSegmentCondition, { kind: "event-count" }>;
  onChange: (condition: TSegmentCondition) => void;
}) {
  const filter = condition.filter;
  if (!filter) {
    return (
      <Button
        variant="ghost"
        size="sm"
        onClick={() => onChange({ ...condition, filter: { property: "", operator: "equals", value: "" } })}
      >
        + where…
      </Button>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span className="text-[13px] text-zinc-600">where</span>
      <input
        aria-label="Event property"
        className={cn(inputClasses, "w-36")}
        value={filter.property}
        onChange={(event) => onChange({ ...condition, filter: { ...filter, property: event.target.value } })}
      />
      <Select
        aria-label="Event property operator"
        className="w-44"
        value={filter.operator}
        onChange={(event) =>
          onChange({
            ...condition,
            filter: { ...filter, operator: event.target.value as TSegmentPropertyOperator },
          })
        }
      >
        {SEGMENT_PROPERTY_OPERATORS.filter((operator) => !DAY_OPERATORS.includes(operator)).map(
          (operator) => (
            <option key={operator} value={operator}>
              {OPERATOR_LABELS[operator]}
            </option>
          ),
        )}
      </Select>
      {filter.operator === "exists" || filter.operator === "not_exists" ? null : (
        <input
          aria-label="Event property value"
          className={cn(inputClasses, "w-32")}
          value={filter.value === undefined ? "" : String(filter.value)}
          onChange={(event) =>
            onChange({
              ...condition,
              filter: { ...filter, value: parseOperand(event.target.value, filter.operator) },
            })
          }
        />
      )}
      <Button variant="ghost" size="sm" onClick={() => onChange({ ...condition, filter: undefined })}>
        no filter
      </Button>
    </span>
  );
}

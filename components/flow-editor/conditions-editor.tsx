"use client";

import { Button } from "@/components/ui/button";
import type { TCondition, TConditionGroup, TConditionMatch, TConditions } from "@/lib/flows/conditions";
import { blankCondition, ConditionRow, type TConditionKind } from "./condition-row";
import type { TEditorReferences } from "./editor-types";
import { controlClass } from "./form-kit";

const CONNECTOR: Record<TConditionMatch, string> = { all: "AND", any: "OR" };

/**
 * Condition groups: the set matches any (OR) or every (AND) group, and each group all (AND) or
 * any (OR) of its conditions. A second group starts the set as OR-of-AND-groups, the reading
 * lib/flows/conditions.ts explains; both connectors stay editable. Removing a group's last
 * condition removes the group, so no empty group is left behind.
 */
export function ConditionsEditor({
  conditions,
  kinds,
  onChange,
  references,
  disabled,
}: {
  conditions: TConditions;
  kinds: TConditionKind[];
  onChange: (conditions: TConditions) => void;
  references: TEditorReferences;
  disabled: boolean;
}) {
  const groups = conditions.groups;
  const setGroups = (next: TConditionGroup[], match: TConditionMatch = conditions.match) =>
    onChange({ match, groups: next });
  const setGroup = (index: number, group: TConditionGroup) =>
    setGroups(
      group.conditions.length === 0
        ? groups.filter((_, i) => i !== index)
        : groups.map((old, i) => (i === index ? group : old)),
    );
  const addGroup = () =>
    setGroups(
      [...groups, { match: "all", conditions: [blankCondition(kinds[0]!)] }],
      // With one group the set's match means nothing yet; the second group makes it "any".
      groups.length === 1 ? "any" : conditions.match,
    );

  return (
    <div className="space-y-2" data-testid="conditions-editor">
      {groups.length > 1 ? (
        <label className="flex items-center gap-1.5 text-xs text-zinc-600">
          Profiles match when
          <select
            aria-label="Match groups"
            className={controlClass(false, "h-7 w-auto text-xs")}
            value={conditions.match}
            onChange={(event) => setGroups(groups, event.target.value as TConditionMatch)}
            disabled={disabled}
          >
            <option value="any">any group matches (OR)</option>
            <option value="all">every group matches (AND)</option>
          </select>
        </label>
      ) : null}
      {groups.map((group, groupIndex) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: groups have no id; order is their identity
        <div key={groupIndex} className="space-y-2">
          {groupIndex > 0 ? (
            <div className="flex items-center gap-2" aria-hidden="true">
              <span className="h-px flex-1 bg-zinc-200" />
              <span className="text-[11px] font-semibold tracking-wide text-zinc-500">
                {CONNECTOR[conditions.match]}
              </span>
              <span className="h-px flex-1 bg-zinc-200" />
            </div>
          ) : null}
          <ConditionGroupEditor
            group={group}
            index={groupIndex}
            showHeader={groups.length > 1}
            kinds={kinds}
            onChange={(next) => setGroup(groupIndex, next)}
            onRemove={() => setGroups(groups.filter((_, i) => i !== groupIndex))}
            references={references}
            disabled={disabled}
          />
        </div>
      ))}
      <div className="flex gap-1.5">
        {groups.length === 0 ? (
          <Button
            size="sm"
            onClick={() => setGroups([{ match: "all", conditions: [blankCondition(kinds[0]!)] }])}
            disabled={disabled}
          >
            Add condition
          </Button>
        ) : (
          <Button size="sm" onClick={addGroup} disabled={disabled || groups.length >= 20}>
            Add group
          </Button>
        )}
      </div>
    </div>
  );
}

function ConditionGroupEditor({
  group,
  index,
  showHeader,
  kinds,
  onChange,
  onRemove,
  references,
  disabled,
}: {
  group: TConditionGroup;
  index: number;
  showHeader: boolean;
  kinds: TConditionKind[];
  onChange: (group: TConditionGroup) => void;
  onRemove: () => void;
  references: TEditorReferences;
  disabled: boolean;
}) {
  const setRows = (conditions: TCondition[], match = group.match) => onChange({ match, conditions });
  const name = `Group ${index + 1}`;
  return (
    <fieldset
      aria-label={name}
      data-testid="condition-group"
      className={
        showHeader
          ? "min-w-0 space-y-1.5 rounded-lg border border-zinc-200 bg-zinc-50/60 p-2"
          : "min-w-0 space-y-1.5"
      }
    >
      {showHeader || group.conditions.length > 1 ? (
        <div className="flex items-center gap-1.5 text-xs text-zinc-600">
          {showHeader ? <span className="font-medium whitespace-nowrap text-zinc-800">{name}:</span> : null}
          {group.conditions.length > 1 ? (
            <select
              aria-label={`${name} match`}
              className={controlClass(false, "h-7 w-auto text-xs")}
              value={group.match}
              onChange={(event) => setRows(group.conditions, event.target.value as TConditionMatch)}
              disabled={disabled}
            >
              <option value="all">all of these (AND)</option>
              <option value="any">any of these (OR)</option>
            </select>
          ) : null}
          {showHeader ? (
            <Button
              size="sm"
              variant="ghost"
              className="ml-auto"
              aria-label={`Remove ${name.toLowerCase()}`}
              onClick={onRemove}
              disabled={disabled}
            >
              Remove group
            </Button>
          ) : null}
        </div>
      ) : null}
      {group.conditions.map((row, rowIndex) => (
        <ConditionRow
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; order is their identity
          key={rowIndex}
          row={row}
          kinds={kinds}
          onChange={(next) => setRows(group.conditions.map((old, i) => (i === rowIndex ? next : old)))}
          onRemove={() => setRows(group.conditions.filter((_, i) => i !== rowIndex))}
          references={references}
          disabled={disabled}
        />
      ))}
      <Button
        size="sm"
        variant="ghost"
        aria-label={showHeader ? `Add condition to ${name.toLowerCase()}` : "Add condition"}
        onClick={() => setRows([...group.conditions, blankCondition(kinds[0]!)])}
        disabled={disabled || group.conditions.length >= 50}
      >
        + Condition
      </Button>
    </fieldset>
  );
}

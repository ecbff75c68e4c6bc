"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConditionRow, newCondition } from "@/components/segments/condition-row";
import { SegmentPreviewPanel } from "@/components/segments/segment-preview-panel";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, Select, TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TFieldErrors } from "@/lib/actions/action-result";
import { createSegmentAction, updateSegmentDefinitionAction } from "@/lib/actions/segment-actions";
import type { TSegmentCondition, TSegmentDefinition } from "@/lib/audience/segment-definition";
import type { TSegmentBuilderOptions } from "@/lib/audience/segments/load-builder-options";

type TMatch = TSegmentDefinition["match"];

/** Field errors of one condition, keyed by what follows its path ("value", "window.days"). */
function conditionErrors(errors: TFieldErrors, groupIndex: number, conditionIndex: number) {
  const prefix = `definition.groups.${groupIndex}.conditions.${conditionIndex}`;
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([field]) => field === prefix || field.startsWith(`${prefix}.`))
      .map(([field, message]) => [field.slice(prefix.length + 1) || "condition", message]),
  );
}

function MatchSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: TMatch;
  onChange: (match: TMatch) => void;
}) {
  return (
    <Select
      aria-label={label}
      className="w-28"
      value={value}
      onChange={(event) => onChange(event.target.value as TMatch)}
    >
      <option value="all">all</option>
      <option value="any">any</option>
    </Select>
  );
}

/**
 * The segment builder: groups of conditions (each group matches all or any of its conditions, the
 * segment all or any of its groups), pickers filled from the workspace's data, a live preview,
 * and save (create, or replace the definition — both recompute the membership on the server).
 */
export function SegmentBuilder({
  segmentId,
  initialName,
  initialDefinition,
  options,
}: {
  segmentId: string | null;
  initialName: string;
  initialDefinition: TSegmentDefinition;
  options: TSegmentBuilderOptions;
}) {
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const [definition, setDefinition] = useState(initialDefinition);
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});
  const save = useServerAction();

  const updateGroup = (groupIndex: number, change: Partial<TSegmentDefinition["groups"][number]>) =>
    setDefinition({
      ...definition,
      groups: definition.groups.map((group, index) =>
        index === groupIndex ? { ...group, ...change } : group,
      ),
    });
  const updateCondition = (
    groupIndex: number,
    conditionIndex: number,
    condition: TSegmentCondition | null,
  ) => {
    const conditions = definition.groups[groupIndex]!.conditions.flatMap((current, index) =>
      index !== conditionIndex ? [current] : condition ? [condition] : [],
    );
    if (conditions.length === 0) {
      setDefinition({ ...definition, groups: definition.groups.filter((_, index) => index !== groupIndex) });
    } else updateGroup(groupIndex, { conditions });
  };

  function onSave() {
    setFieldErrors({});
    save.run(
      async () => {
        const result = segmentId
          ? await updateSegmentDefinitionAction({ segmentId, definition })
          : await createSegmentAction({ name, definition });
        if (!result.ok) setFieldErrors(result.fieldErrors);
        return result;
      },
      { onSuccess: (data) => router.push(`/segments/${data.id}`) },
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="space-y-4">
        {segmentId ? null : (
          <TextField
            label="Segment name"
            value={name}
            error={fieldErrors.name}
            onChange={(event) => setName(event.target.value)}
            className="max-w-sm"
          />
        )}
        <div className="flex items-center gap-2 text-[13px] text-zinc-700">
          Profiles that match{" "}
          <MatchSelect
            label="Groups match"
            value={definition.match}
            onChange={(match) => setDefinition({ ...definition, match })}
          />{" "}
          of these groups
        </div>
        <datalist id="segment-property-options">
          {options.properties.map((property) => (
            <option key={property} value={property} />
          ))}
        </datalist>
        {definition.groups.map((group, groupIndex) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no ids: their position in the definition is their identity, and every input is controlled
          <Card key={groupIndex} className="space-y-3 p-4" data-testid="segment-group">
            <div className="flex items-center justify-between gap-2 text-[13px] text-zinc-700">
              <span className="flex items-center gap-2">
                Group {groupIndex + 1}: match
                <MatchSelect
                  label={`Group ${groupIndex + 1} matches`}
                  value={group.match}
                  onChange={(match) => updateGroup(groupIndex, { match })}
                />
                of its conditions
              </span>
            </div>
            {group.conditions.map((condition, conditionIndex) => (
              <ConditionRow
                // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no ids: their position in the definition is their identity, and every input is controlled
                key={conditionIndex}
                condition={condition}
                options={options}
                errors={conditionErrors(fieldErrors, groupIndex, conditionIndex)}
                excludeSegmentId={segmentId}
                onChange={(next) => updateCondition(groupIndex, conditionIndex, next)}
                onRemove={() => updateCondition(groupIndex, conditionIndex, null)}
              />
            ))}
            <Button
              size="sm"
              variant="ghost"
              onClick={() =>
                updateGroup(groupIndex, {
                  conditions: [...group.conditions, newCondition("profile-property", options)],
                })
              }
            >
              + Add condition
            </Button>
          </Card>
        ))}
        <div className="flex items-center gap-2">
          <Button
            size="sm"
            onClick={() =>
              setDefinition({
                ...definition,
                groups: [
                  ...definition.groups,
                  { match: "all", conditions: [newCondition("profile-property", options)] },
                ],
              })
            }
          >
            + Add group
          </Button>
        </div>
        <FormError>{save.error}</FormError>
        <div className="flex items-center gap-2">
          <Button variant="primary" pending={save.pending} onClick={onSave}>
            Save segment
          </Button>
          <Button variant="ghost" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      </div>
      <div>
        <SegmentPreviewPanel definition={definition} />
      </div>
    </div>
  );
}

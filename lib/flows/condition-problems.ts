import { conditionPlace, type TCondition, type TConditions } from "@/lib/flows/conditions";
import { UNCHOSEN_ID } from "@/lib/flows/node-types";
import type { TGraphProblem } from "@/lib/flows/validate-graph";

// The rules a condition set must keep to be publishable, beyond its schema: references chosen,
// groups not empty, and each kind of condition only where its data exists. Messages name the
// place ("Conditional split "VIP?", group 2, condition 1: …") so a long flow stays navigable.

/** Where a condition set lives: it decides which kinds of condition can ever be true there. */
export type TConditionSetPlace =
  | { kind: "split"; hasEvent: boolean }
  | { kind: "trigger-filters" }
  | { kind: "flow-filters" };

export function conditionSetProblems(options: {
  conditions: TConditions;
  place: TConditionSetPlace;
  /** "Conditional split "VIP?"" or "Flow filters": starts every message. */
  owner: string;
  nodeId: string | null;
  field: string;
}): TGraphProblem[] {
  const { conditions, owner, nodeId, field } = options;
  const problems: TGraphProblem[] = [];
  const groupCount = conditions.groups.length;
  const isEmpty = conditions.groups.every((group) => group.conditions.length === 0);
  conditions.groups.forEach((group, groupIndex) => {
    if (group.conditions.length === 0 && !isEmpty) {
      problems.push({
        nodeId,
        field,
        message: `${owner}, ${conditionPlace(groupCount, groupIndex)}: the group is empty; add a condition or remove the group`,
      });
    }
    group.conditions.forEach((condition, conditionIndex) => {
      const reason = conditionProblem(condition, options.place);
      if (reason) {
        problems.push({
          nodeId,
          field,
          message: `${owner}, ${conditionPlace(groupCount, groupIndex, conditionIndex)}: ${reason}`,
        });
      }
    });
  });
  return problems;
}

function conditionProblem(condition: TCondition, place: TConditionSetPlace): string | null {
  switch (condition.kind) {
    case "list-membership":
      if (place.kind === "trigger-filters")
        return "trigger filters check the event; move list conditions to the flow filters";
      return condition.listId === UNCHOSEN_ID ? "choose a list" : null;
    case "segment-membership":
      if (place.kind === "trigger-filters")
        return "trigger filters check the event; move segment conditions to the flow filters";
      return condition.segmentId === UNCHOSEN_ID ? "choose a segment" : null;
    case "profile-property":
      return place.kind === "trigger-filters"
        ? "trigger filters check the event; move profile conditions to the flow filters"
        : null;
    case "event-property":
      if (place.kind === "flow-filters")
        return "flow filters check the profile before every action; put event conditions in the trigger's filters or a split";
      if (place.kind === "split" && !place.hasEvent && condition.operator !== "not_exists")
        return "only flows triggered by a metric have an event, so this condition never matches";
      return null;
  }
}

import type { TSegmentPropertyOperator } from "@/lib/audience/segment-definition";

/** Operator words shared by the builder and the read-only descriptions ("…" stands for the value). */
export const OPERATOR_LABELS_TEXT: Record<TSegmentPropertyOperator, string> = {
  equals: "equals",
  not_equals: "does not equal",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  greater_than: "is greater than",
  less_than: "is less than",
  exists: "is set",
  not_exists: "is not set",
  in_last_days: "is in the last … days",
  in_next_days: "is in the next … days",
  anniversary_in_next_days: "has an anniversary in the next … days",
};

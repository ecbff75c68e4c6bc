import type { TSegmentDefinition } from "@/lib/audience/segment-definition";

type TCondition = TSegmentDefinition["groups"][number]["conditions"][number];

/** A definition of one AND group (the common shape). */
export const oneGroup = (...conditions: TCondition[]) =>
  ({ match: "any", groups: [{ match: "all", conditions }] }) as TSegmentDefinition;

/**
 * The segment shapes the audience benchmarks measure on the seed's data (`npm run seed`): a
 * property prefix, an event count in a window, a birthday anniversary, an OR of a property and
 * "never did", and one every profile matches (the largest first computation).
 */
export function benchSegmentShapes(placedOrderId: string): [string, TSegmentDefinition][] {
  return [
    [
      "customer_locale starts with de",
      oneGroup({
        kind: "profile-property",
        property: "properties.customer_locale",
        operator: "starts_with",
        value: "de",
      }),
    ],
    [
      "Placed Order at least 2 times in the last 30 days",
      oneGroup({
        kind: "event-count",
        metricId: placedOrderId,
        comparison: "at_least",
        count: 2,
        window: { kind: "last_days", days: 30 },
      }),
    ],
    [
      "birthday anniversary in the next 7 days",
      oneGroup({
        kind: "profile-property",
        property: "properties.birthday",
        operator: "anniversary_in_next_days",
        value: 7,
      }),
    ],
    [
      "gold tier OR never ordered",
      {
        match: "any",
        groups: [
          {
            match: "all",
            conditions: [
              {
                kind: "profile-property",
                property: "properties.loyalty_tier",
                operator: "equals",
                value: "gold",
              },
            ],
          },
          {
            match: "all",
            conditions: [
              {
                kind: "event-count",
                metricId: placedOrderId,
                comparison: "exactly",
                count: 0,
                window: { kind: "ever" },
              },
            ],
          },
        ],
      },
    ],
    [
      "birthday is set (everyone)",
      oneGroup({ kind: "profile-property", property: "properties.birthday", operator: "exists" }),
    ],
  ];
}

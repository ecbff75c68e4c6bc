import {
  buildTemplateScope,
  type TTemplateEvent,
  type TTemplateProfile,
} from "@/lib/templating/template-scope";

/** Test data shaped like a Klaviyo profile and a Placed Order event (used by the *.test.ts here). */
export function profileFixture(overrides: Partial<TTemplateProfile> = {}): TTemplateProfile {
  return {
    id: "0190a1b2-0000-7000-8000-000000000001",
    email: "ada@example.com",
    phoneNumber: "+441234567890",
    externalId: "cust-42",
    firstName: "Ada",
    lastName: "Lovelace",
    organization: "Analytical Engines Ltd",
    title: "Countess",
    locale: "en-GB",
    timezone: "Europe/London",
    location: { city: "London", country: "United Kingdom", zip: "W1" },
    properties: { "Favorite Color": "blue", plan: "pro", tags: ["vip", "beta"] },
    ...overrides,
  };
}

export function eventFixture(overrides: Partial<TTemplateEvent> = {}): TTemplateEvent {
  return {
    metricName: "Placed Order",
    properties: { OrderId: "ORD-1001", Items: ["Tea", "Scones"], "Item Count": 2 },
    time: new Date("2024-05-06T07:08:09.000Z"),
    uniqueId: "evt-1001",
    value: 42.5,
    ...overrides,
  };
}

export function scopeFixture(
  options: {
    profile?: Partial<TTemplateProfile>;
    event?: Partial<TTemplateEvent> | null;
    secrets?: Record<string, string>;
    outputs?: Record<string, Record<string, unknown>>;
  } = {},
) {
  return buildTemplateScope({
    profile: profileFixture(options.profile),
    event: options.event === null ? null : eventFixture(options.event),
    secrets: options.secrets,
    outputs: options.outputs,
  });
}

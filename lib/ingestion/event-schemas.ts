import { z } from "zod";
import { ZJsonObject, ZProfileResourceInput } from "@/lib/audience/profile-input";

// Request documents of Klaviyo's Create Event (POST /api/events) and Bulk Create Events
// (POST /api/event-bulk-create-jobs), as klaviyo-api@23 (revision 2026-07-15) sends them.
// Attribute objects are strict: an unknown field (a typo such as "unique_Id") is a 400 that names
// it, as in Klaviyo, rather than data silently dropped.

export const MAX_BULK_EVENTS = 1000;

const ISO_DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** ISO 8601 date or datetime; without an offset it is UTC (never the server's local time). */
export const ZDateTime = z.string().transform((value, context) => {
  const trimmed = value.trim();
  if (!ISO_DATETIME.test(trimmed)) {
    context.addIssue({ code: "custom", message: "Not an ISO 8601 datetime, e.g. 2026-07-15T10:00:00Z" });
    return z.NEVER;
  }
  if (!isCalendarTime(trimmed)) {
    context.addIssue({ code: "custom", message: "Not a valid date: no such day or time of day" });
    return z.NEVER;
  }
  const hasTime = trimmed.length > 10;
  const hasOffset = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(trimmed.slice(10));
  const date = new Date(hasTime ? (hasOffset ? trimmed : `${trimmed}Z`) : `${trimmed}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) {
    context.addIssue({ code: "custom", message: "Not a valid date" });
    return z.NEVER;
  }
  // Year 0 (1 BC) exists in ISO 8601 and JavaScript but not in PostgreSQL's calendar.
  if (date.getUTCFullYear() < 1) {
    context.addIssue({ code: "custom", message: "The date must be in year 0001 or later" });
    return z.NEVER;
  }
  return date;
});

/**
 * Whether the date and time of day exist (Date would roll 2026-02-30 over to March 2 and 24:00
 * to the next day, storing a time the sender did not write).
 */
function isCalendarTime(text: string): boolean {
  const [year, month, day] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  const time = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text.slice(11));
  return !time || (Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 60);
}

// events.value is numeric(18,4): |value| < 10^14.
const ZValue = z
  .number()
  .finite()
  .refine((value) => Math.abs(value) < 1e14, "value must be smaller than 10^14 in absolute value");

export const ZMetricReference = z
  .object({
    data: z
      .object({
        type: z.literal("metric"),
        attributes: z
          .object({
            name: z.string().trim().min(1, "A metric needs a name").max(255),
            // Klaviyo's integration name; accepted, not stored.
            service: z.string().max(255).nullable().optional(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

const eventFields = {
  // Klaviyo requires `properties`; an absent one is read as {} (lenient, same meaning).
  properties: ZJsonObject.default({}),
  time: ZDateTime.nullable().optional(),
  value: ZValue.nullable().optional(),
  value_currency: z.string().trim().min(1).max(16).nullable().optional(),
  unique_id: z.string().min(1).max(512).nullable().optional(),
  backfill: z.boolean().nullable().optional(),
  metric: ZMetricReference,
};

export const ZCreateEventDocument = z.object({
  data: z
    .object({
      type: z.literal("event"),
      attributes: z
        .object({ ...eventFields, profile: z.object({ data: ZProfileResourceInput }).strict() })
        .strict(),
    })
    .strict(),
});

const ZBulkEvent = z
  .object({ type: z.literal("event"), attributes: z.object(eventFields).strict() })
  .strict();

const ZBulkEntry = z
  .object({
    type: z.literal("event-bulk-create"),
    attributes: z
      .object({
        backfill: z.boolean().nullable().optional(),
        profile: z.object({ data: ZProfileResourceInput }).strict(),
        events: z
          .object({ data: z.array(ZBulkEvent).min(1, "Each profile needs at least one event") })
          .strict(),
      })
      .strict(),
  })
  .strict();

export const ZBulkCreateEventsDocument = z
  .object({
    data: z
      .object({
        type: z.literal("event-bulk-create-job"),
        attributes: z
          .object({ "events-bulk-create": z.object({ data: z.array(ZBulkEntry).min(1) }).strict() })
          .strict(),
      })
      .strict(),
  })
  .superRefine((document, context) => {
    const entries = document.data.attributes["events-bulk-create"].data;
    const total = entries.reduce((sum, entry) => sum + entry.attributes.events.data.length, 0);
    if (total > MAX_BULK_EVENTS) {
      context.addIssue({
        code: "custom",
        path: ["data", "attributes", "events-bulk-create", "data"],
        message: `A bulk request carries at most ${MAX_BULK_EVENTS} events (this one has ${total})`,
      });
    }
  });

export type TCreateEventDocument = z.output<typeof ZCreateEventDocument>;
export type TBulkCreateEventsDocument = z.output<typeof ZBulkCreateEventsDocument>;

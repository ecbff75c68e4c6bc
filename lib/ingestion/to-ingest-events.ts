import { type TProfileChanges, toProfileChanges } from "@/lib/audience/profile-input";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import type { TBulkCreateEventsDocument, TCreateEventDocument } from "@/lib/ingestion/event-schemas";

/** One event ready to be written: validated, normalised, with its id already chosen. */
export type TIngestEvent = {
  id: string;
  workspaceId: string;
  metricName: string;
  profile: TProfileChanges;
  /** JSON pointer of the profile resource in the request, for errors about it. */
  profilePointer: string;
  properties: Record<string, unknown>;
  time: Date;
  value: number | null;
  valueCurrency: string | null;
  uniqueId: string;
  isBackfill: boolean;
  /** Where it came from when not the API: a code function's write-back (lib/code/sdk). */
  origin?: { kind: "code"; id: string; depth: number };
};

type TEventAttributes = {
  properties: Record<string, unknown>;
  time?: Date | null;
  value?: number | null;
  value_currency?: string | null;
  unique_id?: string | null;
  backfill?: boolean | null;
  metric: { data: { attributes: { name: string } } };
};

function toIngestEvent(
  attributes: TEventAttributes,
  context: {
    workspaceId: string;
    profile: TProfileChanges;
    profilePointer: string;
    isBackfill: boolean;
    now: Date;
  },
): TIngestEvent {
  const id = uuidv7(context.now.getTime());
  return {
    id,
    workspaceId: context.workspaceId,
    metricName: attributes.metric.data.attributes.name,
    profile: context.profile,
    profilePointer: context.profilePointer,
    properties: attributes.properties,
    time: attributes.time ?? context.now,
    value: attributes.value ?? null,
    valueCurrency: attributes.value_currency ?? null,
    // Without a unique_id, the event's own id: unique, and stable across the batch's retries.
    uniqueId: attributes.unique_id ?? id,
    isBackfill: attributes.backfill ?? context.isBackfill,
  };
}

export function fromCreateEventDocument(
  document: TCreateEventDocument,
  options: { workspaceId: string; now?: Date },
): TIngestEvent {
  const attributes = document.data.attributes;
  return toIngestEvent(attributes, {
    workspaceId: options.workspaceId,
    profile: toProfileChanges(attributes.profile.data),
    profilePointer: "/data/attributes/profile/data",
    isBackfill: false,
    now: options.now ?? new Date(),
  });
}

export function fromBulkCreateEventsDocument(
  document: TBulkCreateEventsDocument,
  options: { workspaceId: string; now?: Date },
): TIngestEvent[] {
  const now = options.now ?? new Date();
  return document.data.attributes["events-bulk-create"].data.flatMap((entry, index) => {
    const profile = toProfileChanges(entry.attributes.profile.data);
    const profilePointer = `/data/attributes/events-bulk-create/data/${index}/attributes/profile/data`;
    const isBackfill = entry.attributes.backfill ?? false;
    return entry.attributes.events.data.map((event) =>
      toIngestEvent(event.attributes, {
        workspaceId: options.workspaceId,
        profile,
        profilePointer,
        isBackfill,
        now,
      }),
    );
  });
}

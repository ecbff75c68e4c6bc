import { z } from "zod";
import { importProfile, ZProfileImportDocument } from "@/lib/audience/import-profile";
import { addProfilesToList, removeProfilesFromList } from "@/lib/audience/list-members";
import { toProfileChanges } from "@/lib/audience/profile-input";
import type { TSdkMethod } from "@/lib/code/runtime/types";
import { readInvocationProfile, type TInvocationProfile } from "@/lib/code/sdk/invocation-shapes";
import { HookflowError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isUuid, uuidv7 } from "@/lib/ids/uuid-v7";
import { writeEventBatch } from "@/lib/ingestion/write-event-batch";

// The host side of the SDK (`import { updateProfile } from "hookflow"`, `from hookflow import …`).
// Argument shapes, as the guest libraries send them (lib/code/runtime/js/guest-bootstrap.mjs,
// lib/code/runtime/python/child/python/hookflow):
//   getProfile()                              → the current profile
//   updateProfile({ locale: "de-DE", vip: true, properties?: {...} })
//       standard fields (Klaviyo's names, snake_case or camelCase: first_name/firstName, locale,
//       location, email …) set those fields; any other key is a custom property (merged).
//   addToList(listIdOrName) / removeFromList(listIdOrName)   (also { id } or { listId })
//   createEvent({ metric, properties?, time?, value?, uniqueId? })   (JavaScript)
//   createEvent(metric, properties?, { time, value, unique_id }?)     (Python)
// Every call is scoped to the invocation's workspace and profile, validated, applied through the
// same paths as the API (profile-import, list membership with its flow-trigger hook, ingestion
// with its engine hook), or on a dry run validated and recorded but not applied.

export type TSdkCallRecord = {
  method: TSdkMethod;
  args: unknown[];
  ok: boolean;
  error: string | null;
  /** false on a dry run (validated, not applied) and on failures. */
  applied: boolean;
  result?: unknown;
  durationMs: number;
};

export type THostSdkOptions = {
  workspaceId: string;
  profileId: string | null;
  invocationId: string;
  /** Depth of the event that triggered this invocation (0 for API events, null without one). */
  eventDepth: number | null;
  /** Stable across retries of the same work (step idempotency key, or "<eventId>"), for event unique ids. */
  idempotencyBase: string;
  isDryRun: boolean;
  /** Reads and list changes; profile and event writes go through the API's own transactions. */
  prisma: PrismaClient;
  /** At most this many calls per invocation (a loop of writes is a bug, not a workload). */
  maxCalls?: number;
};

const DEFAULT_MAX_CALLS = 100;
const MAX_RECORDED_ARG_CHARS = 4_000;

const STANDARD_FIELDS: Record<string, string> = {
  email: "email",
  phone_number: "phone_number",
  phoneNumber: "phone_number",
  external_id: "external_id",
  externalId: "external_id",
  first_name: "first_name",
  firstName: "first_name",
  last_name: "last_name",
  lastName: "last_name",
  organization: "organization",
  title: "title",
  image: "image",
  locale: "locale",
  location: "location",
};

const ZNewEvent = z.object({
  metric: z.union([
    z.string().trim().min(1, "createEvent: metric is required").max(128),
    z.object({ name: z.string().trim().min(1).max(128) }).transform((metric) => metric.name),
  ]),
  properties: z.record(z.string(), z.unknown()).default({}),
  time: z.coerce.date({ error: "createEvent: time must be an ISO 8601 date" }).optional(),
  value: z.number().finite().optional(),
  uniqueId: z.string().min(1).max(256).optional(),
});

export type THostSdk = {
  call(method: TSdkMethod, args: unknown[]): Promise<unknown>;
  readonly calls: readonly TSdkCallRecord[];
};

export function createHostSdk(options: THostSdkOptions): THostSdk {
  const calls: TSdkCallRecord[] = [];
  let eventCount = 0;
  const maxCalls = options.maxCalls ?? DEFAULT_MAX_CALLS;

  const requireProfileId = (method: string): string => {
    if (!options.profileId) throw sdkError(`${method}: this invocation has no profile`);
    return options.profileId;
  };

  const getProfile = async (): Promise<TInvocationProfile> => {
    const profile = await readInvocationProfile(options.prisma, {
      workspaceId: options.workspaceId,
      profileId: requireProfileId("getProfile"),
    });
    if (!profile) throw sdkError("getProfile: the profile was deleted");
    return profile;
  };

  const updateProfile = async (args: unknown[]) => {
    const profileId = requireProfileId("updateProfile");
    const document = { data: { type: "profile", id: profileId, attributes: toAttributes(args[0]) } };
    // Validates exactly as the API would (field names, emails, phone numbers, time zones).
    const parsed = ZProfileImportDocument.safeParse(document);
    if (!parsed.success) throw sdkError(`updateProfile: ${describeIssues(parsed.error)}`);
    if (options.isDryRun) {
      const profile = await getProfile();
      return previewProfile(profile, toProfileChanges(parsed.data.data));
    }
    await importProfile({ workspaceId: options.workspaceId, document });
    return getProfile();
  };

  const changeList = async (method: "addToList" | "removeFromList", args: unknown[]) => {
    const profileId = requireProfileId(method);
    const list = await findList(options, args[0], method);
    if (options.isDryRun) return { listId: list.id, listName: list.name, dryRun: true };
    const document = { data: [{ type: "profile", id: profileId }] };
    if (method === "addToList") {
      // The API's path: the join and the job starting list-triggered flows commit together.
      const { added } = await addProfilesToList(
        { workspaceId: options.workspaceId, listId: list.id, document },
        options.prisma,
      );
      return { listId: list.id, listName: list.name, added: added > 0 };
    }
    const { removed } = await removeProfilesFromList(
      { workspaceId: options.workspaceId, listId: list.id, document },
      options.prisma,
    );
    return { listId: list.id, listName: list.name, removed: removed > 0 };
  };

  const createEvent = async (args: unknown[]) => {
    const profileId = requireProfileId("createEvent");
    const parsed = ZNewEvent.safeParse(toEventInput(args));
    if (!parsed.success) throw sdkError(`createEvent: ${describeIssues(parsed.error)}`);
    const input = parsed.data;
    const index = eventCount++;
    const depth = (options.eventDepth ?? 0) + 1;
    // Stable across retries of the same work, so a retried invocation does not record twice.
    const uniqueId = input.uniqueId ?? `code:${options.idempotencyBase}:${index}`;
    if (options.isDryRun) return { metric: input.metric, uniqueId, depth, dryRun: true };
    const id = uuidv7();
    const [outcome] = await writeEventBatch(
      [
        {
          id,
          workspaceId: options.workspaceId,
          metricName: input.metric,
          profile: {
            id: profileId,
            columns: {},
            clearLocation: false,
            location: {},
            properties: {},
            unsetProperties: [],
          },
          profilePointer: "profile",
          properties: input.properties,
          time: input.time ?? new Date(),
          value: input.value ?? null,
          valueCurrency: null,
          uniqueId,
          isBackfill: false,
          origin: { kind: "code", id: options.invocationId, depth },
        },
      ],
      { atomic: true },
    );
    if (!outcome?.ok) throw sdkError(`createEvent: ${outcome?.error.message ?? "not stored"}`);
    return { eventId: outcome.eventId, isDuplicate: outcome.isDuplicate, uniqueId, depth };
  };

  const run = (method: TSdkMethod, args: unknown[]): Promise<unknown> => {
    switch (method) {
      case "getProfile":
        return getProfile();
      case "updateProfile":
        return updateProfile(args);
      case "addToList":
      case "removeFromList":
        return changeList(method, args);
      case "createEvent":
        return createEvent(args);
      default:
        throw sdkError(`Unknown SDK method ${String(method)}`);
    }
  };

  return {
    calls,
    async call(method, args) {
      const started = performance.now();
      const record: TSdkCallRecord = {
        method,
        args: capArgs(args),
        ok: false,
        error: null,
        applied: false,
        durationMs: 0,
      };
      calls.push(record);
      try {
        if (calls.length > maxCalls) throw sdkError(`At most ${maxCalls} SDK calls per invocation`);
        const result = await run(method, Array.isArray(args) ? args : []);
        record.ok = true;
        record.applied = !options.isDryRun && method !== "getProfile";
        record.result = capValue(result);
        return result;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
        // Only our own messages reach the guest; anything else is an internal failure.
        if (error instanceof HookflowError || error instanceof SdkError) throw new Error(record.error);
        throw new Error(`${method} failed on the server`);
      } finally {
        record.durationMs = Math.round((performance.now() - started) * 100) / 100;
      }
    },
  };
}

class SdkError extends Error {}
const sdkError = (message: string) => new SdkError(message);

/** The guest's dict → Klaviyo profile attributes (standard fields; other keys as custom properties). */
function toAttributes(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw sdkError('updateProfile: pass an object of properties, e.g. { locale: "de-DE" }');
  }
  const attributes: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "properties") {
      if (value === null || typeof value !== "object" || Array.isArray(value))
        throw sdkError("updateProfile: properties must be an object");
      Object.assign(properties, value);
    } else if (key === "timezone") {
      attributes.location = { ...(attributes.location as object | undefined), timezone: value };
    } else if (STANDARD_FIELDS[key]) {
      attributes[STANDARD_FIELDS[key]] = value;
    } else {
      properties[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) attributes.properties = properties;
  return attributes;
}

function toEventInput(args: unknown[]): unknown {
  const [first, second, third] = args;
  if (typeof first === "string") {
    const extra = (third && typeof third === "object" ? third : {}) as Record<string, unknown>;
    return {
      metric: first,
      properties: second ?? {},
      time: extra.time,
      value: extra.value,
      uniqueId: extra.uniqueId ?? extra.unique_id,
    };
  }
  return first;
}

async function findList(options: THostSdkOptions, ref: unknown, method: string) {
  const key =
    typeof ref === "string"
      ? ref
      : ref && typeof ref === "object"
        ? String((ref as { id?: unknown; listId?: unknown }).id ?? (ref as { listId?: unknown }).listId ?? "")
        : "";
  if (!key) throw sdkError(`${method}: pass the list's id (or exact name)`);
  const byId = isUuid(key)
    ? await options.prisma.list.findFirst({ where: { id: key, workspaceId: options.workspaceId } })
    : null;
  if (byId) return byId;
  const byName = await options.prisma.list.findMany({
    where: { name: key, workspaceId: options.workspaceId },
    take: 2,
  });
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw sdkError(`${method}: several lists are named "${key}"; use the list's id`);
  throw sdkError(`${method}: no list "${key}" in this workspace`);
}

/** What the profile would be after the changes (a dry run shows it without writing). */
function previewProfile(
  profile: TInvocationProfile,
  changes: ReturnType<typeof toProfileChanges>,
): TInvocationProfile {
  const columns: Record<string, string> = {
    first_name: "firstName",
    last_name: "lastName",
    organization: "organization",
    title: "title",
    image: "image",
    locale: "locale",
    timezone: "timezone",
  };
  const next: Record<string, unknown> = { ...profile, properties: { ...profile.properties } };
  for (const [column, value] of Object.entries(changes.columns)) next[columns[column] ?? column] = value;
  if (changes.email !== undefined) next.email = changes.email;
  if (changes.phoneNumber !== undefined) next.phoneNumber = changes.phoneNumber;
  if (changes.externalId !== undefined) next.externalId = changes.externalId;
  next.location = { ...(changes.clearLocation ? {} : profile.location), ...changes.location };
  Object.assign(next.properties as object, changes.properties);
  return next as TInvocationProfile;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.filter((part) => part !== "data" && part !== "attributes").join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

function capArgs(args: unknown): unknown[] {
  const list = Array.isArray(args) ? args : [];
  return list.map(capValue);
}

function capValue(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  if (text.length <= MAX_RECORDED_ARG_CHARS) return value ?? null;
  return `${text.slice(0, MAX_RECORDED_ARG_CHARS)}… (${text.length} characters)`;
}

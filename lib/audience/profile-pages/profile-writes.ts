import { z } from "zod";
import {
  isIanaTimezone,
  type TProfileChanges,
  ZEmail,
  ZExternalId,
  ZPhoneNumber,
} from "@/lib/audience/profile-input";
import { upsertProfiles } from "@/lib/audience/upsert-profiles";
import { prisma } from "@/lib/db/prisma";
import { HookflowError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

// Profile changes made on the Profiles pages go through the API's writer (upsertProfiles): same
// identity rules, same conflict detection, and the same incremental segment re-evaluation.

const optionalText = z
  .string()
  .trim()
  .max(1024)
  .transform((value) => (value === "" ? null : value))
  .nullable()
  .optional();
const emptyToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

export const ZCreateProfileInput = z
  .object({
    email: z.preprocess(emptyToNull, ZEmail.nullable().optional()),
    phoneNumber: z.preprocess(emptyToNull, ZPhoneNumber.nullable().optional()),
    externalId: z.preprocess(emptyToNull, ZExternalId.nullable().optional()),
    firstName: optionalText,
    lastName: optionalText,
  })
  .refine((input) => input.email || input.phoneNumber || input.externalId, {
    message: "A profile needs an email, a phone number or an external id",
    path: ["email"],
  });

const ZPropertyValue = z.union([
  z.string().max(10_000),
  z.number().finite(),
  z.boolean(),
  z.array(z.union([z.string().max(1024), z.number().finite(), z.boolean()])).max(1000),
]);

export const ZUpdateProfileInput = z.object({
  profileId: z.uuid("Unknown profile"),
  firstName: optionalText,
  lastName: optionalText,
  timezone: z
    .string()
    .trim()
    .transform((value) => (value === "" ? null : value))
    .refine((value) => value === null || isIanaTimezone(value), "Not an IANA time zone, e.g. Europe/Berlin")
    .nullable()
    .optional(),
  /** Properties to set (merged into the stored ones). */
  properties: z
    .record(z.string().trim().min(1, "A property needs a name").max(255), ZPropertyValue)
    .default({}),
  /** Property names to remove. */
  unsetProperties: z.array(z.string().min(1)).max(1000).default([]),
});

async function writeOne(workspaceId: string, changes: TProfileChanges) {
  return withPgTransaction(async (tx) => {
    const plan = await upsertProfiles(tx, [{ workspaceId, changes, pointer: "" }]);
    const failure = plan.failures.get(0);
    if (failure) throw failure;
    const conflict = plan.conflicts.get(0)?.[0];
    if (conflict) {
      throw new HookflowError(
        "conflict",
        `Another profile already has this ${conflict.field.replace("_", " ")} (profile ${conflict.profileId})`,
        { pointer: conflict.field },
      );
    }
    return plan;
  });
}

/** Creates a profile; an identifier that already belongs to a profile is a conflict (nothing written). */
export async function createProfile(workspaceId: string, input: z.output<typeof ZCreateProfileInput>) {
  return withPgTransaction(async (tx) => {
    const columns: TProfileChanges["columns"] = {};
    if (input.firstName) columns.first_name = input.firstName;
    if (input.lastName) columns.last_name = input.lastName;
    const changes: TProfileChanges = {
      ...(input.email ? { email: input.email } : {}),
      ...(input.phoneNumber ? { phoneNumber: input.phoneNumber } : {}),
      ...(input.externalId ? { externalId: input.externalId } : {}),
      columns,
      clearLocation: false,
      location: {},
      properties: {},
      unsetProperties: [],
    };
    const plan = await upsertProfiles(tx, [{ workspaceId, changes, pointer: "" }]);
    if (!plan.createdBy[0]) {
      // Throwing rolls back whatever the match would have updated.
      throw new HookflowError(
        "conflict",
        `A profile with these identifiers already exists (${plan.profileIds[0]})`,
      );
    }
    return { profileId: plan.profileIds[0]! };
  });
}

/** Edits a stored profile's names, time zone and properties (merge; unset removes). */
export async function updateProfile(workspaceId: string, input: z.output<typeof ZUpdateProfileInput>) {
  await requireProfile(workspaceId, input.profileId);
  const columns: TProfileChanges["columns"] = {};
  if (input.firstName !== undefined) columns.first_name = input.firstName;
  if (input.lastName !== undefined) columns.last_name = input.lastName;
  if (input.timezone !== undefined) columns.timezone = input.timezone;
  await writeOne(workspaceId, {
    id: input.profileId,
    columns,
    clearLocation: false,
    location: {},
    properties: input.properties,
    unsetProperties: input.unsetProperties.filter((name) => !(name in input.properties)),
  });
  return { profileId: input.profileId };
}

/**
 * Deletes a profile; its events, list and segment memberships and runs go with it through the
 * foreign keys' ON DELETE CASCADE (profiles → events, list_memberships, segment_memberships, runs).
 */
export async function deleteProfile(workspaceId: string, profileId: string) {
  const deleted = isUuid(profileId)
    ? await prisma.profile.deleteMany({ where: { id: profileId, workspaceId } })
    : { count: 0 };
  if (deleted.count === 0) throw notFound(`Profile ${profileId}`);
  return { profileId };
}

async function requireProfile(workspaceId: string, profileId: string) {
  const found = await prisma.profile.findFirst({
    where: { id: profileId, workspaceId },
    select: { id: true },
  });
  if (!found) throw notFound(`Profile ${profileId}`);
}

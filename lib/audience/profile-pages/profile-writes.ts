import type { z } from "zod";
import type { TProfileChanges } from "@/lib/audience/profile-input";
import {
  IDENTIFIER_FIELDS,
  NO_IDENTIFIER_MESSAGE,
  type ZCreateProfileInput,
  type ZUpdateProfileInput,
} from "@/lib/audience/profile-pages/profile-form-schemas";
import type { TProfileConflict } from "@/lib/audience/resolve-profiles";
import { upsertProfiles } from "@/lib/audience/upsert-profiles";
import { prisma } from "@/lib/db/prisma";
import { HookflowError, invalid, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";

// Profile changes made on the Profiles pages go through the API's writer (upsertProfiles): same
// identity rules, same conflict detection, and the same incremental segment re-evaluation. An
// identifier that belongs to another profile is a 409 on that form field, never a 500: the
// writer reports it before writing, and a concurrent writer's unique violation is retried by
// withPgTransaction, whose next attempt sees the other profile and reports the same conflict.

export {
  ZCreateProfileInput,
  ZUpdateProfileInput,
} from "@/lib/audience/profile-pages/profile-form-schemas";

function conflictError(conflict: TProfileConflict): HookflowError {
  const { field, label } = IDENTIFIER_FIELDS[conflict.field];
  return new HookflowError("conflict", `Another profile already has this ${label}`, { pointer: field });
}

/** Creates a profile; an identifier that already belongs to a profile is a conflict (nothing written). */
export async function createProfile(workspaceId: string, input: z.output<typeof ZCreateProfileInput>) {
  return withPgTransaction(async (tx) => {
    const identifiers = {
      email: input.email ?? null,
      phone_number: input.phoneNumber ?? null,
      external_id: input.externalId ?? null,
    };
    // Checked before writing: the writer would otherwise update the profile that owns it. A
    // profile created meanwhile makes the insert fail (23505) and the retry reports it here.
    const owners = await tx.query<typeof identifiers & { id: string }>(
      `select id, email, phone_number, external_id from profiles
       where workspace_id = $1 and (email = $2 or phone_number = $3 or external_id = $4) limit 1`,
      [workspaceId, identifiers.email, identifiers.phone_number, identifiers.external_id],
    );
    const owner = owners.rows[0];
    if (owner) {
      const field = (["email", "phone_number", "external_id"] as const).find(
        (column) => identifiers[column] !== null && owner[column] === identifiers[column],
      );
      throw conflictError({ field: field ?? "email", profileId: owner.id });
    }
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
    return { profileId: plan.profileIds[0]! };
  });
}

async function identitiesOf(tx: TPgTx, workspaceId: string, profileId: string, lock = false) {
  const result = await tx.query<{
    email: string | null;
    phone_number: string | null;
    external_id: string | null;
  }>(
    `select email, phone_number, external_id from profiles where id = $1 and workspace_id = $2${lock ? " for update" : ""}`,
    [profileId, workspaceId],
  );
  return result.rows[0];
}

/**
 * Edits a stored profile: identifiers (empty clears; at least one must remain), names, time zone
 * and properties (merge; unset removes).
 */
export async function updateProfile(workspaceId: string, input: z.output<typeof ZUpdateProfileInput>) {
  if (!isUuid(input.profileId)) throw notFound(`Profile ${input.profileId}`);
  const columns: TProfileChanges["columns"] = {};
  if (input.firstName !== undefined) columns.first_name = input.firstName;
  if (input.lastName !== undefined) columns.last_name = input.lastName;
  if (input.timezone !== undefined) columns.timezone = input.timezone;
  const changes: TProfileChanges = {
    id: input.profileId,
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.phoneNumber !== undefined ? { phoneNumber: input.phoneNumber } : {}),
    ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
    columns,
    clearLocation: false,
    location: {},
    properties: input.properties,
    unsetProperties: input.unsetProperties.filter((name) => !(name in input.properties)),
  };
  await withPgTransaction(async (tx) => {
    // Locked: two editors clearing different identifiers at once cannot leave none.
    const stored = await identitiesOf(tx, workspaceId, input.profileId, true);
    if (!stored) throw notFound(`Profile ${input.profileId}`);
    const after = {
      email: changes.email === undefined ? stored.email : changes.email,
      phone: changes.phoneNumber === undefined ? stored.phone_number : changes.phoneNumber,
      externalId: changes.externalId === undefined ? stored.external_id : changes.externalId,
    };
    if (!after.email && !after.phone && !after.externalId) throw invalid(NO_IDENTIFIER_MESSAGE, "email");
    const plan = await upsertProfiles(tx, [{ workspaceId, changes, pointer: "" }]);
    const failure = plan.failures.get(0);
    if (failure) throw failure;
    const conflict = plan.conflicts.get(0)?.[0];
    if (conflict) throw conflictError(conflict);
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

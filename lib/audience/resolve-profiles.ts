import type { TProfileChanges, TProfileColumn } from "@/lib/audience/profile-input";
import { HookflowError } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids/uuid-v7";

// Decides, without touching the database, which profile each request in a batch is about and what
// must be written so that the batch has exactly the effect of applying its requests one after the
// other (the order they arrived in). Works from a snapshot of the stored profiles that own any
// identifier the batch mentions (loadProfileIdentities), then simulates: later requests see the
// profiles earlier ones created or changed — two events for the same new email in one batch make
// one profile, with both events' properties merged in order.
//
// Identity rules (Hookflow's, documented in docs/openapi/openapi.yaml):
// - A request names its profile by id, external_id, email, phone_number — first match wins, in
//   that order. No match: a new profile.
// - An identifier in the request that already belongs to ANOTHER profile is not moved (profiles
//   are never merged automatically, unlike Klaviyo's deterministic merge); it is reported in
//   `conflicts` (profile-import answers 409; events keep the event, on the matched profile).
// - An unknown id fails that request (404), not the batch.

export type TProfileIdentity = {
  id: string;
  workspaceId: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
};

export type TProfileRequest = { workspaceId: string; changes: TProfileChanges; pointer: string };

type TIdentifierField = "externalId" | "email" | "phoneNumber";
const IDENTIFIERS: readonly TIdentifierField[] = ["externalId", "email", "phoneNumber"];
export const IDENTIFIER_COLUMNS: Record<TIdentifierField, "external_id" | "email" | "phone_number"> = {
  externalId: "external_id",
  email: "email",
  phoneNumber: "phone_number",
};

/** What to write for one profile: full state for a new one, the net change for a stored one. */
export type TProfileWrite = {
  id: string;
  workspaceId: string;
  identifiers: Partial<Record<"email" | "phone_number" | "external_id", string | null>>;
  columns: Partial<Record<TProfileColumn, string | null>>;
  clearLocation: boolean;
  location: Record<string, unknown>;
  properties: Record<string, unknown>;
  unsetProperties: string[];
};

export type TProfileConflict = { field: "email" | "phone_number" | "external_id"; profileId: string };

export type TProfilePlan = {
  /** Profile id per request (null when the request failed). */
  profileIds: (string | null)[];
  /** Whether the request's profile was created by this batch (first request that made it). */
  createdBy: boolean[];
  failures: Map<number, HookflowError>;
  conflicts: Map<number, TProfileConflict[]>;
  inserts: TProfileWrite[];
  /** Stored profiles with changes to write (a profile only named by a request is not written). */
  updates: TProfileWrite[];
};

type TVirtualProfile = TProfileIdentity & { isNew: boolean; write: TProfileWrite; unset: Set<string> };

export const identityKey = (workspaceId: string, kind: string, value: string) =>
  `${workspaceId}\u0000${kind}\u0000${value}`;

export function resolveProfiles(
  requests: readonly TProfileRequest[],
  stored: readonly TProfileIdentity[],
  newId: () => string = uuidv7,
): TProfilePlan {
  const byKey = new Map<string, TVirtualProfile>();
  const touched = new Map<string, TVirtualProfile>();
  const index = (profile: TVirtualProfile) => {
    byKey.set(identityKey(profile.workspaceId, "id", profile.id), profile);
    for (const field of IDENTIFIERS) {
      const value = profile[field];
      if (value) byKey.set(identityKey(profile.workspaceId, field, value), profile);
    }
  };
  for (const row of stored)
    index({ ...row, isNew: false, write: emptyWrite(row.id, row.workspaceId), unset: new Set() });

  const plan: TProfilePlan = {
    profileIds: [],
    createdBy: [],
    failures: new Map(),
    conflicts: new Map(),
    inserts: [],
    updates: [],
  };

  requests.forEach(({ workspaceId, changes, pointer }, position) => {
    let target: TVirtualProfile | undefined;
    if (changes.id) {
      target = byKey.get(identityKey(workspaceId, "id", changes.id));
      if (!target) {
        plan.failures.set(
          position,
          new HookflowError("not_found", `No profile with id ${changes.id}`, { pointer: `${pointer}/id` }),
        );
        plan.profileIds.push(null);
        plan.createdBy.push(false);
        return;
      }
    }
    for (const field of IDENTIFIERS) {
      if (target) break;
      const value = changes[field];
      if (value) target = byKey.get(identityKey(workspaceId, field, value));
    }
    let isCreated = false;
    if (!target) {
      const id = newId();
      target = {
        id,
        workspaceId,
        email: null,
        phoneNumber: null,
        externalId: null,
        isNew: true,
        write: emptyWrite(id, workspaceId),
        unset: new Set(),
      };
      index(target);
      isCreated = true;
    }
    const conflicts = applyIdentifiers(target, changes, byKey);
    if (conflicts.length > 0) plan.conflicts.set(position, conflicts);
    applyChanges(target, changes);
    touched.set(target.id, target);
    plan.profileIds.push(target.id);
    plan.createdBy.push(isCreated);
  });

  for (const profile of touched.values()) {
    if (profile.isNew) {
      for (const field of IDENTIFIERS) profile.write.identifiers[IDENTIFIER_COLUMNS[field]] = profile[field];
      profile.write.unsetProperties = [];
      plan.inserts.push(profile.write);
    } else {
      profile.write.unsetProperties = [...profile.unset];
      // Most events name their profile and change nothing: writing it anyway would cost a row
      // version, its index entries and a row lock per event (measured: ~25% of batch time).
      if (hasChanges(profile.write)) plan.updates.push(profile.write);
    }
  }
  // Sorted by id so concurrent batches touching the same profiles tend to lock them in the same
  // order (the UPDATE joins the sorted rows; with the usual nested-loop plan that is the lock
  // order) and queue rather than deadlock. Not guaranteed by the planner: a deadlock that still
  // happens is detected by PostgreSQL and the batch retried (pg-transaction.ts).
  plan.updates.sort((a, b) => (a.id < b.id ? -1 : 1));
  plan.inserts.sort((a, b) => (a.id < b.id ? -1 : 1));
  return plan;
}

function hasChanges(write: TProfileWrite): boolean {
  return (
    write.clearLocation ||
    write.unsetProperties.length > 0 ||
    Object.keys(write.identifiers).length > 0 ||
    Object.keys(write.columns).length > 0 ||
    Object.keys(write.location).length > 0 ||
    Object.keys(write.properties).length > 0
  );
}

function emptyWrite(id: string, workspaceId: string): TProfileWrite {
  return {
    id,
    workspaceId,
    identifiers: {},
    columns: {},
    clearLocation: false,
    location: {},
    properties: {},
    unsetProperties: [],
  };
}

function applyIdentifiers(
  target: TVirtualProfile,
  changes: TProfileChanges,
  byKey: Map<string, TVirtualProfile>,
): TProfileConflict[] {
  const conflicts: TProfileConflict[] = [];
  for (const field of IDENTIFIERS) {
    const value = changes[field];
    if (value === undefined || value === target[field]) continue;
    const column = IDENTIFIER_COLUMNS[field];
    if (value !== null) {
      const owner = byKey.get(identityKey(target.workspaceId, field, value));
      if (owner && owner !== target) {
        conflicts.push({ field: column, profileId: owner.id });
        continue;
      }
    }
    const previous = target[field];
    if (previous) byKey.delete(identityKey(target.workspaceId, field, previous));
    if (value !== null) byKey.set(identityKey(target.workspaceId, field, value), target);
    target[field] = value;
    target.write.identifiers[column] = value;
  }
  return conflicts;
}

function applyChanges(target: TVirtualProfile, changes: TProfileChanges): void {
  const write = target.write;
  Object.assign(write.columns, changes.columns);
  if (changes.clearLocation) {
    write.clearLocation = true;
    write.location = {};
  }
  Object.assign(write.location, changes.location);
  // Sequential composition of "merge these, then remove those": the final write is
  // (stored - unset) || properties, with no key in both sets.
  for (const [key, value] of Object.entries(changes.properties)) {
    write.properties[key] = value;
    target.unset.delete(key);
  }
  for (const key of changes.unsetProperties) {
    delete write.properties[key];
    target.unset.add(key);
  }
}

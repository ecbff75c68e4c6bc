import { describe, expect, it } from "vitest";
import { identifiersToLoad } from "@/lib/audience/load-profile-identities";
import type { TProfileChanges } from "@/lib/audience/profile-input";
import { resolveProfiles, type TProfileIdentity } from "@/lib/audience/resolve-profiles";

const WS = "00000000-0000-7000-8000-000000000001";

function changes(overrides: Partial<TProfileChanges>): TProfileChanges {
  return {
    columns: {},
    clearLocation: false,
    location: {},
    properties: {},
    unsetProperties: [],
    ...overrides,
  };
}

const request = (overrides: Partial<TProfileChanges>) => ({
  workspaceId: WS,
  changes: changes(overrides),
  pointer: "/p",
});

function sequentialIds() {
  let next = 0;
  return () => `new-${++next}`;
}

const stored = (id: string, identity: Partial<TProfileIdentity>): TProfileIdentity => ({
  id,
  workspaceId: WS,
  email: null,
  phoneNumber: null,
  externalId: null,
  ...identity,
});

describe("resolveProfiles", () => {
  it("makes one profile of two requests for the same new email, merging in order", () => {
    const plan = resolveProfiles(
      [
        request({ email: "a@x.com", properties: { a: 1, shared: "first" }, columns: { first_name: "Ada" } }),
        request({ email: "a@x.com", properties: { b: 2, shared: "second" } }),
      ],
      [],
      sequentialIds(),
    );
    expect(plan.profileIds).toEqual(["new-1", "new-1"]);
    expect(plan.createdBy).toEqual([true, false]);
    expect(plan.updates).toEqual([]);
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]).toMatchObject({
      identifiers: { email: "a@x.com", phone_number: null, external_id: null },
      columns: { first_name: "Ada" },
      properties: { a: 1, b: 2, shared: "second" },
    });
  });

  it("updates a stored profile found by email with only what changed", () => {
    const plan = resolveProfiles(
      [request({ email: "a@x.com", columns: { last_name: "Lovelace" }, properties: { p: 1 } })],
      [stored("s-1", { email: "a@x.com" })],
      sequentialIds(),
    );
    expect(plan.profileIds).toEqual(["s-1"]);
    expect(plan.inserts).toEqual([]);
    expect(plan.updates).toEqual([
      expect.objectContaining({
        id: "s-1",
        identifiers: {},
        columns: { last_name: "Lovelace" },
        properties: { p: 1 },
      }),
    ]);
  });

  it("matches id, then external_id, then email, then phone; never moves another profile's identifier", () => {
    const profiles = [stored("by-ext", { externalId: "ext" }), stored("by-email", { email: "b@x.com" })];
    const plan = resolveProfiles(
      [request({ externalId: "ext", email: "b@x.com" })],
      profiles,
      sequentialIds(),
    );
    expect(plan.profileIds).toEqual(["by-ext"]);
    expect(plan.conflicts.get(0)).toEqual([{ field: "email", profileId: "by-email" }]);
    // Nothing else changed, so nothing is written.
    expect(plan.updates).toEqual([]);
  });

  it("fails only the request naming an unknown id", () => {
    const plan = resolveProfiles(
      [request({ id: "missing" }), request({ email: "ok@x.com" })],
      [],
      sequentialIds(),
    );
    expect(plan.profileIds).toEqual([null, "new-1"]);
    expect(plan.failures.get(0)).toMatchObject({ status: 404, pointer: "/p/id" });
    expect(plan.failures.has(1)).toBe(false);
  });

  it("clears identifiers set to null, and frees them for later requests in the batch", () => {
    const plan = resolveProfiles(
      [request({ externalId: "ext", email: null }), request({ email: "old@x.com" })],
      [stored("s-1", { externalId: "ext", email: "old@x.com" })],
      sequentialIds(),
    );
    expect(plan.updates[0]?.identifiers).toEqual({ email: null });
    // The email was freed by the first request, so the second creates a new profile with it.
    expect(plan.profileIds).toEqual(["s-1", "new-1"]);
    expect(plan.inserts[0]?.identifiers.email).toBe("old@x.com");
  });

  it("composes property merges and unsets in order", () => {
    const plan = resolveProfiles(
      [
        request({ email: "a@x.com", properties: { a: 1, b: 1 } }),
        request({ email: "a@x.com", unsetProperties: ["a", "c"] }),
        request({ email: "a@x.com", properties: { c: 3 } }),
      ],
      [stored("s-1", { email: "a@x.com" })],
      sequentialIds(),
    );
    expect(plan.updates[0]).toMatchObject({ properties: { b: 1, c: 3 }, unsetProperties: ["a"] });
  });

  it("composes location: null clears everything before later keys apply", () => {
    const plan = resolveProfiles(
      [
        request({ email: "a@x.com", location: { city: "Paris" } }),
        request({ email: "a@x.com", clearLocation: true }),
        request({ email: "a@x.com", location: { zip: "75001" } }),
      ],
      [stored("s-1", { email: "a@x.com" })],
      sequentialIds(),
    );
    expect(plan.updates[0]).toMatchObject({ clearLocation: true, location: { zip: "75001" } });
  });

  it("keeps workspaces apart", () => {
    const other = "00000000-0000-7000-8000-000000000002";
    const plan = resolveProfiles(
      [
        request({ email: "a@x.com" }),
        { workspaceId: other, changes: changes({ email: "a@x.com" }), pointer: "/p" },
      ],
      [stored("s-1", { email: "a@x.com" })],
      sequentialIds(),
    );
    expect(plan.profileIds).toEqual(["s-1", "new-1"]);
    expect(plan.inserts[0]?.workspaceId).toBe(other);
  });

  it("lists each identifier to look up once", () => {
    const wanted = identifiersToLoad([
      request({ email: "a@x.com", phoneNumber: "+1555" }),
      request({ email: "a@x.com", id: "p" }),
    ]);
    expect(wanted).toEqual({
      ids: [[WS, "p"]],
      emails: [[WS, "a@x.com"]],
      phones: [[WS, "+1555"]],
      externalIds: [],
    });
  });
});

import type { TActionCase } from "./case-types";
import { none, one } from "./case-types";

// Matrix entries: lists, profiles, segments, members, workspaces (see case-types.ts).

const listDefinition = (listId: string) => ({
  groups: [{ conditions: [{ kind: "list-membership", listId }] }],
});
const segmentDefinition = (segmentId: string) => ({
  groups: [{ conditions: [{ kind: "segment-membership", segmentId }] }],
});
const metricDefinition = (metricId: string) => ({
  groups: [
    {
      conditions: [
        { kind: "event-count", metricId, comparison: "at_least", count: 1, window: { kind: "ever" } },
      ],
    },
  ],
});

export const AUDIENCE_AND_MEMBER_CASES: Record<string, TActionCase> = {
  "lib/actions/list-actions.ts#createListAction": { minRole: "editor", cross: none },
  "lib/actions/list-actions.ts#renameListAction": {
    minRole: "editor",
    cross: (t) => one("B's list", { listId: t.listId, name: "Taken over" }),
  },
  "lib/actions/list-actions.ts#deleteListAction": {
    minRole: "editor",
    cross: (t) => one("B's list", { listId: t.listId }),
  },
  "lib/actions/list-actions.ts#addListMemberAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's list", input: { listId: t.listId, email: a.email } },
      {
        why: "A's list, B's customer's email",
        input: { listId: a.listId, email: t.email },
        outcome: "either",
      },
    ],
  },
  "lib/actions/list-actions.ts#addListMembersAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's list", input: { listId: t.listId, emails: a.email } },
      // A gets (or has) its own profile with that address; B's profile and list stay as they are.
      {
        why: "A's list, B's customer's email",
        input: { listId: a.listId, emails: t.email },
        outcome: "either",
      },
    ],
  },
  "lib/actions/list-actions.ts#removeListMembersAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's list", input: { listId: t.listId, profileIds: [t.profileId] } },
      {
        why: "A's list, B's profile",
        input: { listId: a.listId, profileIds: [t.profileId] },
        outcome: "either",
      },
    ],
  },

  "lib/actions/profile-actions.ts#createProfileAction": { minRole: "editor", cross: none },
  "lib/actions/profile-actions.ts#updateProfileAction": {
    minRole: "editor",
    cross: (t) => one("B's profile", { profileId: t.profileId, firstName: "Taken over" }),
  },
  "lib/actions/profile-actions.ts#deleteProfileAction": {
    minRole: "editor",
    cross: (t) => one("B's profile", { profileId: t.profileId }),
  },

  "lib/actions/segment-actions.ts#createSegmentAction": {
    minRole: "editor",
    cross: (t) => [
      { why: "a definition on B's list", input: { name: "Spy", definition: listDefinition(t.listId) } },
      {
        why: "a definition on B's segment",
        input: { name: "Spy", definition: segmentDefinition(t.segmentId) },
      },
      { why: "a definition on B's metric", input: { name: "Spy", definition: metricDefinition(t.metricId) } },
    ],
  },
  "lib/actions/segment-actions.ts#updateSegmentDefinitionAction": {
    minRole: "editor",
    cross: (t, a) => [
      { why: "B's segment", input: { segmentId: t.segmentId, definition: listDefinition(a.listId) } },
      {
        why: "A's segment naming B's list",
        input: { segmentId: a.segmentId, definition: listDefinition(t.listId) },
      },
    ],
  },
  "lib/actions/segment-actions.ts#renameSegmentAction": {
    minRole: "editor",
    cross: (t) => one("B's segment", { segmentId: t.segmentId, name: "Taken over" }),
  },
  "lib/actions/segment-actions.ts#deleteSegmentAction": {
    minRole: "editor",
    cross: (t) => one("B's segment", { segmentId: t.segmentId }),
  },
  "lib/actions/segment-actions.ts#previewSegmentAction": {
    minRole: "viewer",
    cross: (t) => [
      { why: "a definition on B's list", input: { definition: listDefinition(t.listId) }, outcome: "either" },
      {
        why: "a definition on B's segment",
        input: { definition: segmentDefinition(t.segmentId) },
        outcome: "either",
      },
      {
        why: "a definition on B's metric",
        input: { definition: metricDefinition(t.metricId) },
        outcome: "either",
      },
    ],
  },
  "lib/actions/segment-actions.ts#recomputeSegmentAction": {
    minRole: "editor",
    cross: (t) => one("B's segment", { segmentId: t.segmentId }),
  },
  "lib/actions/segment-actions.ts#explainSegmentMembershipAction": {
    minRole: "viewer",
    cross: (t, a) => [
      { why: "B's segment", input: { segmentId: t.segmentId, profileId: t.profileId } },
      { why: "A's segment, B's profile", input: { segmentId: a.segmentId, profileId: t.profileId } },
    ],
  },
  "lib/actions/segment-actions.ts#listSegmentMembersAction": {
    minRole: "viewer",
    cross: (t) => one("B's segment", { segmentId: t.segmentId }),
  },

  "lib/actions/member-actions.ts#inviteMemberAction": { minRole: "admin", cross: none },
  "lib/actions/member-actions.ts#changeMemberRoleAction": {
    minRole: "admin",
    cross: (t) => [
      { why: "B's editor", input: { membershipId: t.membershipIds.editor, role: "owner" } },
      { why: "B's invitation", input: { membershipId: t.invitationId, role: "owner" } },
    ],
  },
  "lib/actions/member-actions.ts#removeMemberAction": {
    minRole: "admin",
    cross: (t) => [
      { why: "B's owner", input: { membershipId: t.membershipIds.owner } },
      { why: "B's invitation", input: { membershipId: t.invitationId } },
    ],
  },

  "lib/actions/workspace-actions.ts#switchWorkspaceAction": {
    minRole: "user",
    cross: (t) => one("B, where A's owner is no member", { workspaceId: t.workspaceId }),
  },
  "lib/actions/workspace-actions.ts#createWorkspaceAction": { minRole: "user", cross: none },
  "lib/actions/workspace-actions.ts#acceptInvitationAction": {
    minRole: "user",
    cross: (t) => one("B's invitation of another email", { membershipId: t.invitationId }),
  },
  "lib/actions/workspace-actions.ts#declineInvitationAction": {
    minRole: "user",
    cross: (t) => one("B's invitation of another email", { membershipId: t.invitationId }),
  },

  "lib/actions/workspace-code-limits-actions.ts#setWorkspaceCodeLimitsAction": {
    minRole: "admin",
    cross: none,
  },
};

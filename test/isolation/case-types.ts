import type { Role } from "@/lib/generated/prisma/enums";
import type { TWorkspaceIds } from "./two-workspaces";

// The isolation matrix's server actions: one entry per exported action (the suite fails on an
// action without one). `minRole` is the policy (lib/auth/roles.ts: viewers read, editors build,
// admins manage members, keys and webhook secrets); every role below it is refused with A's own
// ids. `cross(t, a)` builds inputs that name objects of workspace `t`: the suite passes workspace
// B as `t` and calls as A's owner (every role check passes, only tenancy can stop it); it passes
// A as `t` for the role checks. "refused" (default): an error that says not found / not a member;
// "either": the action may succeed inside A (it names B's objects only as references), but the
// answer must not contain B's data. Either way B's rows must be unchanged.

export type TCross = { why: string; input: unknown; outcome?: "refused" | "either" };

export type TActionCase =
  | { minRole: Role | "user"; cross: (t: TWorkspaceIds, a: TWorkspaceIds) => TCross[] }
  | { exempt: string };

export const one = (why: string, input: unknown, outcome?: TCross["outcome"]): TCross[] => [
  { why, input, outcome },
];
/** Actions that name no object: the only thing to check is the role (and that B is untouched). */
export const none = (): TCross[] => [];

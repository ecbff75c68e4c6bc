import { z } from "zod";

// Shared by the members forms (field names, types) and the server actions (validation). No server
// imports here: client components import this file.

export const ZMemberRole = z.enum(["owner", "admin", "editor", "viewer"], "Choose a role");

export const ZMemberEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254, "Use at most 254 characters"));

export const ZInviteMember = z.object({ email: ZMemberEmail, role: ZMemberRole });
export type TInviteMember = z.infer<typeof ZInviteMember>;

export const ZChangeMemberRole = z.object({ membershipId: z.uuid("Unknown member"), role: ZMemberRole });
export type TChangeMemberRole = z.infer<typeof ZChangeMemberRole>;

export const ZMembershipRef = z.object({ membershipId: z.uuid("Unknown member") });
export type TMembershipRef = z.infer<typeof ZMembershipRef>;

export const ZWorkspaceName = z.object({
  name: z.string().trim().min(1, "Give the workspace a name").max(100, "Use at most 100 characters"),
});

export const ZWorkspaceRef = z.object({ workspaceId: z.uuid("Unknown workspace") });

import type { Role } from "@/lib/generated/prisma/enums";

export const ROLE_OPTIONS: { value: Role; label: string; description: string }[] = [
  { value: "owner", label: "Owner", description: "Everything, including making other owners" },
  { value: "admin", label: "Admin", description: "Members and API keys, and all an editor does" },
  { value: "editor", label: "Editor", description: "Builds flows, code functions and lists" },
  { value: "viewer", label: "Viewer", description: "Reads everything, changes nothing" },
];

/** The roles `actor` may hand out: owners all, admins all but owner. */
export function assignableRoles(actorRole: Role) {
  return ROLE_OPTIONS.filter((option) => actorRole === "owner" || option.value !== "owner");
}

export function signUpLink(baseUrl: string, email: string): string {
  return `${baseUrl}/sign-up?email=${encodeURIComponent(email)}`;
}

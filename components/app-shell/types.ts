import type { Role } from "@/lib/generated/prisma/enums";

// What the shell shows, as plain serialisable props from the (app) layout.

export type TShellUser = { name: string; email: string };
export type TShellWorkspace = { id: string; name: string; role: Role };
export type TShellInvitation = {
  id: string;
  workspaceName: string;
  role: Role;
  invitedByName: string | null;
};

export type TShellProps = {
  user: TShellUser;
  current: TShellWorkspace;
  workspaces: TShellWorkspace[];
  invitations: TShellInvitation[];
};

import "server-only";
import type { z } from "zod";
import { toActionFailure } from "@/lib/actions/action-error";
import type { TActionResult } from "@/lib/actions/action-result";
import { assertStorableInput } from "@/lib/actions/assert-storable-input";
import { currentUser, type TCurrentUser } from "@/lib/auth/current-user";
import { requireWorkspace, type TWorkspaceContext } from "@/lib/auth/workspace-context";
import { HookflowError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

/**
 * The body of every workspace server action: check the session, the workspace and the role
 * (requireWorkspace — never trust the proxy or the page that showed the form), then parse the
 * input with the schema the form shares, then call one domain function.
 */
export async function workspaceAction<S extends z.ZodType, T>(options: {
  name: string;
  role: Role;
  schema: S;
  input: unknown;
  run: (input: z.output<S>, context: TWorkspaceContext) => Promise<T>;
}): Promise<TActionResult<T>> {
  try {
    const context = await requireWorkspace({ role: options.role });
    const input = options.schema.parse(options.input);
    assertStorableInput(input);
    return { ok: true, data: await options.run(input, context) };
  } catch (error) {
    return toActionFailure(error, options.name);
  }
}

/** For actions that need a signed-in user but no current workspace (switching, invitations). */
export async function userAction<S extends z.ZodType, T>(options: {
  name: string;
  schema: S;
  input: unknown;
  run: (input: z.output<S>, user: TCurrentUser) => Promise<T>;
}): Promise<TActionResult<T>> {
  try {
    const user = await currentUser();
    if (!user) throw new HookflowError("unauthenticated", "Your session has ended: sign in again");
    const input = options.schema.parse(options.input);
    assertStorableInput(input);
    return { ok: true, data: await options.run(input, user) };
  } catch (error) {
    return toActionFailure(error, options.name);
  }
}

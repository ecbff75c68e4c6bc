import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { TActionFailure, TFieldErrors } from "@/lib/actions/action-result";
import { HookflowError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { moduleLog } from "@/lib/log";

export const GENERIC_ACTION_ERROR =
  "Something went wrong on our side. Try again; if it keeps failing, check the server log.";

/**
 * Turns what a server action threw into a reply the form can show: HookflowError → its message
 * (on its field when it names one), ZodError → one message per field, a unique-constraint race →
 * a conflict, anything else → logged and a generic message (internals never reach the browser).
 * Next's own control flow (redirect(), notFound()) is re-thrown untouched.
 */
export function toActionFailure(error: unknown, action: string): TActionFailure {
  unstable_rethrow(error);
  if (error instanceof HookflowError) {
    return {
      ok: false,
      error: error.message,
      fieldErrors: error.pointer ? { [error.pointer]: error.message } : {},
    };
  }
  if (error instanceof z.ZodError) return zodFailure(error);
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return {
      ok: false,
      error: "This already exists (someone may have just created it): reload and check",
      fieldErrors: {},
    };
  }
  moduleLog("actions").error({ err: error, action }, "server action failed");
  return { ok: false, error: GENERIC_ACTION_ERROR, fieldErrors: {} };
}

export function zodFailure(error: z.ZodError): TActionFailure {
  const fieldErrors: TFieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "form";
    fieldErrors[field] ??= issue.message;
  }
  const messages = Object.values(fieldErrors);
  const summary = messages.length === 1 && messages[0] ? messages[0] : "Check the highlighted fields";
  return { ok: false, error: summary, fieldErrors };
}

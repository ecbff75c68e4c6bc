import { NextResponse } from "next/server";
import { z } from "zod";
import { HookflowError } from "@/lib/errors";
import { moduleLog } from "@/lib/log";

/**
 * Replies for the UI's own endpoints (/api/app/*): plain `{ error }` JSON, not the JSON:API
 * documents of the public API. HookflowError → its status; ZodError → 400; anything else is
 * logged and becomes a generic 500.
 */
export function jsonError(error: unknown, endpoint: string): NextResponse {
  if (error instanceof HookflowError) {
    return NextResponse.json({ error: error.message }, { status: error.status, headers: NO_STORE });
  }
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return NextResponse.json(
      { error: `${where}${issue?.message ?? "invalid request"}` },
      { status: 400, headers: NO_STORE },
    );
  }
  moduleLog("app-api").error({ err: error, endpoint }, "request failed");
  return NextResponse.json({ error: "Something went wrong on our side" }, { status: 500, headers: NO_STORE });
}

export const NO_STORE = { "cache-control": "no-store" };

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isDatabaseOutOfResources } from "@/lib/api/is-database-out-of-resources";
import { isDatabaseUnavailable } from "@/lib/api/is-database-unavailable";
import { hookflowErrorToJsonApi, jsonApiErrorResponse, zodErrorToJsonApi } from "@/lib/api/json-api-error";
import { HookflowError } from "@/lib/errors";
import { moduleLog } from "@/lib/log";

/** Seconds a client should wait before retrying when PostgreSQL is unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The one place an API failure becomes an HTTP answer (a JSON:API error document):
 * ZodError → 400 with one error per issue pointing at its field; HookflowError → its status;
 * PostgreSQL unreachable, or out of disk space/memory → 503 + Retry-After (nothing was stored,
 * retrying is safe);
 * anything else → logged with an id, and a generic 500 that names the id but no internals.
 */
export function handleApiError(error: unknown): Response {
  if (error instanceof z.ZodError) return jsonApiErrorResponse(zodErrorToJsonApi(error));
  if (error instanceof HookflowError) {
    const headers: Record<string, string> =
      error.status === 503 ? { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) } : {};
    return jsonApiErrorResponse([hookflowErrorToJsonApi(error)], headers);
  }
  if (isDatabaseUnavailable(error)) {
    moduleLog("api").error({ err: error }, "database unavailable");
    return jsonApiErrorResponse(
      [
        {
          id: randomUUID(),
          status: "503",
          code: "service_unavailable",
          title: "Service temporarily unavailable.",
          detail: "The database cannot be reached right now; nothing was stored. Retry later.",
        },
      ],
      { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    );
  }
  if (isDatabaseOutOfResources(error)) {
    // Logged every time: an operator must free disk space (or memory); the message says which.
    moduleLog("api").error({ err: error }, "database out of disk space or memory: nothing stored");
    return jsonApiErrorResponse(
      [
        {
          id: randomUUID(),
          status: "503",
          code: "service_unavailable",
          title: "Service temporarily unavailable.",
          detail:
            "The database cannot store anything right now (out of disk space or memory); nothing was stored. Retry later.",
        },
      ],
      { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    );
  }
  const id = randomUUID();
  moduleLog("api").error({ err: error, errorId: id }, "unexpected error");
  return jsonApiErrorResponse([
    {
      id,
      status: "500",
      code: "error",
      title: "A server error occurred.",
      detail: `An unexpected error occurred; it was logged with id ${id}.`,
    },
  ]);
}

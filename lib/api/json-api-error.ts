import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type ErrorCode, HookflowError } from "@/lib/errors";

// Error documents shaped like Klaviyo's (JSON:API `errors[]`), so clients written for Klaviyo
// read our failures the way they read theirs: `code` uses Klaviyo's vocabulary, `source.pointer`
// names the body field (RFC 6901), `source.parameter` the query parameter or header.

export type TJsonApiError = {
  id: string;
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
};

export const JSON_API_CONTENT_TYPE = "application/vnd.api+json";

const KLAVIYO_CODES: Record<ErrorCode, { code: string; title: string }> = {
  invalid: { code: "invalid", title: "Invalid input." },
  unauthenticated: {
    code: "not_authenticated",
    title: "Authentication credentials were not provided or are invalid.",
  },
  forbidden: { code: "permission_denied", title: "You do not have permission to perform this action." },
  not_found: { code: "not_found", title: "A resource was not found." },
  conflict: { code: "conflict", title: "Conflict." },
  too_large: { code: "request_too_large", title: "Request entity too large." },
  rate_limited: { code: "throttled", title: "Request was throttled." },
  unavailable: { code: "service_unavailable", title: "Service temporarily unavailable." },
};

/**
 * A HookflowError that also chooses its Klaviyo `code`/`title` (e.g. `parse_error` for malformed
 * JSON, `duplicate_profile` with the other profile's id in `meta`).
 */
export class JsonApiError extends HookflowError {
  readonly apiCode?: string;
  readonly title?: string;
  readonly meta?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { pointer?: string; apiCode?: string; title?: string; meta?: Record<string, unknown> } = {},
  ) {
    super(code, message, { pointer: options.pointer });
    this.apiCode = options.apiCode;
    this.title = options.title;
    this.meta = options.meta;
  }
}

/** A pointer starting with "/" names a body field; anything else a query parameter or header. */
export function errorSource(pointer: string | undefined): TJsonApiError["source"] {
  if (pointer === undefined) return undefined;
  return pointer.startsWith("/") || pointer === "" ? { pointer } : { parameter: pointer };
}

export function hookflowErrorToJsonApi(error: HookflowError): TJsonApiError {
  const defaults = KLAVIYO_CODES[error.code];
  const extra = error instanceof JsonApiError ? error : undefined;
  return {
    id: randomUUID(),
    status: String(error.status),
    code: extra?.apiCode ?? defaults.code,
    title: extra?.title ?? defaults.title,
    detail: error.message,
    ...(error.pointer !== undefined ? { source: errorSource(error.pointer) } : {}),
    ...(extra?.meta ? { meta: extra.meta } : {}),
  };
}

/** RFC 6901 pointer for a zod issue path: "/data/attributes/metric/data/attributes/name". */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** One error per zod issue, each pointing at its field; `prefix` is the pointer of the parsed value. */
export function zodErrorToJsonApi(error: z.ZodError, prefix = ""): TJsonApiError[] {
  return error.issues.map((issue) => {
    // An unknown field is reported on its own pointer, not on the object that holds it.
    const path =
      issue.code === "unrecognized_keys" && issue.keys.length === 1
        ? [...issue.path, issue.keys[0]!]
        : issue.path;
    const pointer = prefix + toJsonPointer(path);
    return {
      id: randomUUID(),
      status: "400",
      code: "invalid",
      title: "Invalid input.",
      detail: `${pointer || "The request body"}: ${issue.message}`,
      source: { pointer },
    };
  });
}

export function errorStatus(errors: TJsonApiError[]): number {
  return Number(errors[0]?.status ?? 500);
}

export function jsonApiErrorResponse(
  errors: TJsonApiError[],
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ errors }), {
    status: errorStatus(errors),
    headers: { "content-type": JSON_API_CONTENT_TYPE, ...headers },
  });
}

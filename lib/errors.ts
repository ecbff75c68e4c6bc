// Errors a caller can act on. Route handlers and server actions turn them into 4xx answers
// (lib/api/handle-api-error.ts, lib/actions/action.ts); anything else is logged and becomes a 500.

export type ErrorCode =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export class HookflowError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** JSON pointer or form field the error is about, e.g. "/data/attributes/profile". */
  readonly pointer?: string;

  constructor(code: ErrorCode, message: string, options: { pointer?: string; status?: number } = {}) {
    super(message);
    this.name = "HookflowError";
    this.code = code;
    this.status = options.status ?? STATUS[code];
    this.pointer = options.pointer;
  }
}

export function notFound(what: string): HookflowError {
  return new HookflowError("not_found", `${what} was not found`);
}

export function forbidden(message: string): HookflowError {
  return new HookflowError("forbidden", message);
}

export function invalid(message: string, pointer?: string): HookflowError {
  return new HookflowError("invalid", message, { pointer });
}

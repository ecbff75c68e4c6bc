// The one reply shape of every server action. Type-only, so client components import it freely.

export type TFieldErrors = Record<string, string>;

export type TActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors: TFieldErrors };

export type TActionFailure = Extract<TActionResult<never>, { ok: false }>;

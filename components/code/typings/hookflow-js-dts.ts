/**
 * The JavaScript function's world as TypeScript declarations, for Monaco's completion, hover docs
 * and type checking (checkJs). It describes what the sandbox really provides — keep it in step with
 * lib/code/runtime/js/guest-bootstrap.mjs (globals, the `hookflow` and `hookflow/crypto` modules,
 * `context`) and the allowlist in lib/code/runtime/js/module-names.ts. It is a script (no top-level
 * import/export) so the handler's JSDoc can name `HookflowEvent` etc. without importing them.
 */
export const HOOKFLOW_JS_DTS = `
/** Any value that survives JSON: what properties, outputs and return values may hold. */
type HookflowJson = string | number | boolean | null | HookflowJson[] | { [key: string]: HookflowJson };

/** The event that started this invocation. \`null\` when a flow's code node ran without one. */
interface HookflowEvent {
  /** The event's id in Hookflow. */
  id: string;
  /** The metric (event type), e.g. "Placed Order". */
  metric: { id: string; name: string };
  /** The event's properties as sent, e.g. \`customer_locale\` on Shopify's Placed Order. */
  properties: Record<string, any>;
  /** When the event happened (ISO 8601). */
  time: string;
  /** The event's monetary value, when sent. */
  value?: number | null;
  /** The sender's idempotency key (Klaviyo's \`unique_id\`). */
  uniqueId?: string | null;
}

/** The profile (person) the invocation is for. */
interface HookflowProfile {
  id: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  organization: string | null;
  title: string | null;
  /** e.g. "de-DE"; segments can use it ("locale starts with de"). */
  locale: string | null;
  /** IANA time zone, e.g. "Europe/Berlin". */
  timezone: string | null;
  /** Address fields (city, country, zip…). */
  location: Record<string, any>;
  /** Custom properties; \`hookflow.updateProfile\` sets them. */
  properties: Record<string, any>;
  createdAt: string;
  updatedAt: string;
}

/** The third argument of the handler. */
interface HookflowContext {
  functionId: string;
  /** The flow run when a code node invoked the function; null for event-subscribed invocations. */
  runId: string | null;
  invocationId: string;
  /** The function's environment variables (Settings → Environment variables), decrypted. */
  env: Readonly<Record<string, string>>;
  /** The SDK, the same object as \`import hookflow from "hookflow"\`. */
  hookflow: HookflowSdk;
}

/** What \`hookflow.createEvent\` records for the current profile. */
interface HookflowNewEvent {
  /** The metric's name, e.g. "Locale Saved". */
  metric: string;
  properties?: Record<string, unknown>;
  /** ISO 8601; defaults to now. */
  time?: string;
  value?: number;
  /** Idempotency key: a second event with the same key is ignored. */
  uniqueId?: string;
}

/** Write-back to Hookflow. Every call is checked, scoped to this workspace and recorded in the run's log. */
interface HookflowSdk {
  /** Reads the current profile as Hookflow has it now (after earlier writes of this invocation). */
  getProfile(): Promise<HookflowProfile>;
  /**
   * Updates the current profile and answers it. Standard fields (email, phoneNumber, externalId,
   * firstName, lastName, organization, title, image, locale, location — camelCase or snake_case)
   * set those fields; any other key is a custom property, merged into the existing ones.
   * Example: \`await updateProfile({ locale: "de-DE", vip: true })\`.
   */
  updateProfile(properties: Record<string, unknown>): Promise<HookflowProfile>;
  /** Adds the current profile to a static list, by the list's id or name. */
  addToList(list: string | { id: string } | { listId: string }): Promise<unknown>;
  /** Removes the current profile from a static list, by the list's id or name. */
  removeFromList(list: string | { id: string } | { listId: string }): Promise<unknown>;
  /**
   * Records an event for the current profile. It is marked as coming from this function, so a
   * function that triggers itself is stopped by the engine.
   */
  createEvent(event: HookflowNewEvent): Promise<unknown>;
  profiles: { get: HookflowSdk["getProfile"]; update: HookflowSdk["updateProfile"] };
  lists: { add: HookflowSdk["addToList"]; remove: HookflowSdk["removeFromList"] };
  events: { create: HookflowSdk["createEvent"] };
}

/** The handler: \`export default async function (event, profile, context) { … }\`. Its return value is the function's result (and outputs). */
type HookflowHandler = (
  event: HookflowEvent | null,
  profile: HookflowProfile,
  context: HookflowContext,
) => unknown | Promise<unknown>;

declare module "hookflow" {
  const hookflow: HookflowSdk;
  export default hookflow;
  export const getProfile: HookflowSdk["getProfile"];
  export const updateProfile: HookflowSdk["updateProfile"];
  export const addToList: HookflowSdk["addToList"];
  export const removeFromList: HookflowSdk["removeFromList"];
  export const createEvent: HookflowSdk["createEvent"];
  export const profiles: HookflowSdk["profiles"];
  export const lists: HookflowSdk["lists"];
  export const events: HookflowSdk["events"];
}

declare module "hookflow/crypto" {
  type Encoding = "hex" | "base64" | "base64url";
  /** A digest of a string (objects are JSON-encoded first). */
  export function hash(algorithm: "sha1" | "sha256" | "sha384" | "sha512" | "md5", data: unknown, encoding?: Encoding): string;
  export function hmac(algorithm: "sha1" | "sha256" | "sha384" | "sha512", key: string, data: unknown, encoding?: Encoding): string;
  export function sha256(data: unknown, encoding?: Encoding): string;
  /** HMAC-SHA256, e.g. to sign a request to your own API. */
  export function hmacSha256(key: string, data: unknown, encoding?: Encoding): string;
  export function randomUUID(): string;
  export function randomBytes(size: number, encoding?: Encoding): string;
  const crypto: {
    hash: typeof hash;
    hmac: typeof hmac;
    sha256: typeof sha256;
    hmacSha256: typeof hmacSha256;
    randomUUID: typeof randomUUID;
    randomBytes: typeof randomBytes;
  };
  export default crypto;
}

declare module "lodash" {
  const _: any;
  export = _;
}

declare module "dayjs" {
  interface Dayjs {
    format(template?: string): string;
    add(value: number, unit: string): Dayjs;
    subtract(value: number, unit: string): Dayjs;
    diff(other: string | number | Date | Dayjs, unit?: string, float?: boolean): number;
    isBefore(other: string | number | Date | Dayjs, unit?: string): boolean;
    isAfter(other: string | number | Date | Dayjs, unit?: string): boolean;
    startOf(unit: string): Dayjs;
    endOf(unit: string): Dayjs;
    toISOString(): string;
    toDate(): Date;
    valueOf(): number;
    unix(): number;
  }
  function dayjs(date?: string | number | Date | Dayjs | null): Dayjs;
  export default dayjs;
}

declare module "uuid" {
  export function v4(): string;
  export function v7(): string;
  export function validate(value: string): boolean;
}

/** Captured by Hookflow and shown in the test result and the Logs tab (capped per invocation). */
declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  trace(...data: unknown[]): void;
};

interface HookflowFetchInit {
  /** Any HTTP method: GET, POST, PUT, PATCH, DELETE… */
  method?: string;
  headers?: Record<string, string> | [string, string][];
  /** A string, or an object sent as JSON. Binary bodies are not supported. */
  body?: string | Record<string, unknown> | unknown[] | null;
}

interface HookflowResponse {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly redirected: boolean;
  readonly headers: {
    get(name: string): string | null;
    has(name: string): boolean;
    entries(): IterableIterator<[string, string]>;
    keys(): IterableIterator<string>;
    values(): IterableIterator<string>;
    forEach(callback: (value: string, key: string) => void): void;
    [Symbol.iterator](): IterableIterator<[string, string]>;
  };
  text(): Promise<string>;
  json(): Promise<any>;
}

/**
 * Performed by Hookflow's server through its SSRF guard: private and internal addresses are
 * refused; the number of requests, their time and response size are limited per invocation.
 */
declare function fetch(input: string | { url: string }, init?: HookflowFetchInit): Promise<HookflowResponse>;

declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): number;
declare function clearTimeout(id: number | undefined): void;

declare const crypto: {
  randomUUID(): string;
  getRandomValues<T extends Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array>(array: T): T;
};
`;

// The SSRF guard for webhooks (and the code runtime's fetch): decide, then connect only to what
// was decided. See docs/decisions.md, "Webhook SSRF guard".
export {
  ALLOWLIST_ENV_VAR,
  describeAllowlist,
  EMPTY_ALLOWLIST,
  parseAllowlist,
  type TAllowlist,
} from "./allowlist";
export { checkUrl, type TUrlCheck } from "./check-url";
export { classifyAddress, type TAddressDecision } from "./classify-address";
export { createGuardedConnector, DEFAULT_CONNECT_TIMEOUT_MS, type TDial } from "./guarded-connector";
export {
  createGuardedDispatcher,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  type TGuardedDispatcherOptions,
} from "./guarded-dispatcher";
export { parseHost, type TParsedHost } from "./parse-host";
export { resolveWithSystem, type TResolvedAddress, type TResolver } from "./resolve-allowed-addresses";
export { findSsrfRefusal, isSsrfRefusedError, SsrfRefusedError } from "./ssrf-refused-error";

import pino from "pino";

// Structured JSON logs on stdout (one line per entry), for any log collector. Redaction is the
// second line of defence: secrets and keys are never passed to the logger on purpose.
export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "hookflow" },
  redact: {
    paths: [
      "authorization",
      "*.authorization",
      "headers.authorization",
      "password",
      "*.password",
      "key",
      "*.key",
      "apiKey",
      "*.apiKey",
      "secret",
      "*.secret",
    ],
    censor: "[redacted]",
  },
});

const children = new Map<string, pino.Logger>();

/** A logger that tags every line with the module it came from (one per module, so tests can spy). */
export function moduleLog(module: string): pino.Logger {
  let child = children.get(module);
  if (!child) {
    child = log.child({ module });
    children.set(module, child);
  }
  return child;
}

import { z } from "zod";

// Every setting Hookflow reads, validated once at start with a message that names the variable.
// scripts/start.ts fills in generated secrets (persisted under the data folder) before Next starts.

const booleanFlag = z
  .enum(["0", "1", "true", "false"])
  .transform((value) => value === "1" || value === "true");

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  HOOKFLOW_DATA_DIR: z.string().min(1).default(".data"),
  HOOKFLOW_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOOKFLOW_PUBLIC_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  HOOKFLOW_APP_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 random bytes in base64 (openssl rand -base64 32)")
    .optional(),
  // The app key being replaced, accepted for opening sealed values during a rotation
  // (`npm run rotate-app-key`, docs/DEPLOYMENT.md); unset it once the rotation has run.
  HOOKFLOW_APP_KEY_PREVIOUS: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 random bytes in base64 (the previous HOOKFLOW_APP_KEY)")
    .optional(),
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  HOOKFLOW_DEMO: booleanFlag.default(true),
  HOOKFLOW_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  // Ingestion requests one web process holds at once (reading, queued for the group commit,
  // writing); one more is refused with 503 + Retry-After before its body is read
  // (lib/ingestion/ingest-admission.ts). Bounds queueing delay to about limit / commit rate.
  HOOKFLOW_INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(512),
  // The same for bulk requests (each up to 1,000 events; 2 are written at once, the rest wait).
  HOOKFLOW_INGEST_BULK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(16),
  // Optional: refuse the same way while admitted ingestion requests take longer than this on
  // average (ms) with 8+ in flight. Off by default: bench:burst on the 2-core box saw it lock
  // into ~8 admitted requests/s when refusing took all the CPU (docs/RELIABILITY.md, Burst).
  HOOKFLOW_INGEST_TARGET_LATENCY_MS: z.coerce.number().int().min(10).max(600_000).optional(),
  // The web process runs queue workers and the scheduler in-process (one command, a working
  // system); set 0 when separate `npm run worker` processes are deployed.
  HOOKFLOW_WORKER: booleanFlag.default(true),
  // Jobs a worker process runs at once (each a batch of up to 200 steps).
  HOOKFLOW_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  // Loop guard: an event made by a chain of more code write-backs than this starts no runs and
  // invokes no functions (the stop is recorded with its reason).
  HOOKFLOW_MAX_EVENT_DEPTH: z.coerce.number().int().min(1).max(100).default(5),
  // Private webhook targets allowed despite the SSRF guard (hosts or CIDRs, comma-separated), for
  // development and tests. Off by default; the UI says when it is on.
  HOOKFLOW_WEBHOOK_ALLOWLIST: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type TEnv = z.infer<typeof ZEnv>;

export function parseEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: TEnv | undefined;

export function env(): TEnv {
  cached ??= parseEnv();
  return cached;
}

import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data/**"],
    globalSetup: ["test/global-setup.ts"],
    // Integration tests share one embedded PostgreSQL; each file gets its own database.
    pool: "forks",
    // Expected failures (503 paths, refused keys) log errors by design; keep the test output readable.
    // A fixed app key (secrets sealed in tests) and loopback allowed as a webhook target (tests
    // deliver to receivers on 127.0.0.1; SSRF tests build their own allowlists).
    env: {
      LOG_LEVEL: "silent",
      HOOKFLOW_APP_KEY: "dGVzdC1hcHAta2V5LTMyLWJ5dGVzLWZvci12aXRlc3Q=",
      HOOKFLOW_WEBHOOK_ALLOWLIST: "127.0.0.0/8,::1/128",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

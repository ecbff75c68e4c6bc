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
    env: { LOG_LEVEL: "silent" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

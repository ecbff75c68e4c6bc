import { defineConfig } from "prisma/config";

// The CLI reads the URL from here; the app itself connects through lib/db/prisma.ts.
// scripts/db.ts sets DATABASE_URL (starting the embedded server when needed) before calling the CLI.
export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

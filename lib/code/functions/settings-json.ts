import type { TCodeFunctionSettings } from "@/lib/code/functions/settings-schema";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Settings for a Json column (zod's `unknown` defaults are JSON by construction: they came from JSON). */
export function settingsJson(settings: TCodeFunctionSettings): Prisma.InputJsonValue {
  return settings as unknown as Prisma.InputJsonValue;
}

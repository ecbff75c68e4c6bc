import type { TStepHandler } from "@/lib/engine/step-handler";
import type { TNodeOf } from "@/lib/flows/graph-schema";
import { isTimezone } from "@/lib/flows/graph-schema";
import { addDays, localDateTime, zonedTimeToInstant } from "@/lib/time/zoned-time";

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/**
 * When a delay node releases the run: after a duration, or at the next HH:MM (strictly after
 * `now`) on an allowed weekday in the node's zone, else the profile's, else UTC.
 */
export function delayUntil(
  config: TNodeOf<"delay">["config"],
  now: Date,
  profileTimezone: string | null,
): Date {
  if (config.mode === "duration") return new Date(now.getTime() + config.amount * UNIT_MS[config.unit]);
  const zone = config.timezone ?? (profileTimezone && isTimezone(profileTimezone) ? profileTimezone : "UTC");
  const [hour, minute] = config.time.split(":").map(Number) as [number, number];
  const today = localDateTime(now, zone);
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(today, offset);
    const candidate = zonedTimeToInstant({ ...date, hour, minute }, zone);
    if (candidate.getTime() <= now.getTime()) continue;
    const weekday = localDateTime(candidate, zone).weekday;
    if (config.weekdays.includes(weekday)) return candidate;
  }
  throw new Error("No allowed weekday for this delay");
}

export const delayHandler: TStepHandler<"delay"> = {
  type: "delay",
  maxAttempts: 1,
  timeoutMs: 5_000,
  async execute(context) {
    const until = delayUntil(context.node.config, context.now, context.profile.timezone);
    return { nextAt: until, output: { until: until.toISOString() } };
  },
};

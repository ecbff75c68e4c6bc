import type pg from "pg";
import type { Dispatcher } from "undici";
import { sendAttempt, type TClaimedDelivery, type TSentAttempt } from "@/lib/event-webhooks/attempt-delivery";
import {
  claimDueDeliveries,
  loadDelivererWebhook,
  type TDelivererWebhook,
} from "@/lib/event-webhooks/claim-due-deliveries";
import { registerDeliverer } from "@/lib/event-webhooks/deliverer-registry";
import { recordAttempts, type THealthState } from "@/lib/event-webhooks/record-attempts";
import { wakeDeliverers } from "@/lib/event-webhooks/wake-deliverer";
import { moduleLog } from "@/lib/log";
import { webhookDispatcher } from "@/lib/webhooks/webhook-dispatcher";

/**
 * How long one deliverer job keeps claiming before it yields its worker slot (then a new job for
 * the same webhook is queued behind every job already waiting): a busy or slow endpoint never
 * holds a slot much longer than this plus one request (≤ 20 s: 5 s connect + 15 s response).
 */
export const DELIVERER_BUDGET_MS = 10_000;
/** A test send still "delivering" after this long was cut off by a crash. */
const ORPHANED_TEST_MS = 120_000;
/**
 * With nothing due, a deliverer waits this long for a wake-up (deliverer-registry.ts) before its
 * job ends: at a steady trickle (bench:webhooks, 200 events/s) one job serves events as they
 * come instead of one job pickup and completion each; the cost is a worker slot held that long.
 */
const LINGER_MS = 100;
/** Answered attempts waiting to be recorded beyond which no more is claimed (memory bound). */
const MAX_UNRECORDED = 2_000;

export type TDelivererOptions = {
  database: pg.Pool;
  dispatcher?: () => Dispatcher;
  now?: () => Date;
  /** Retry delays (tests shorten them); default: the Svix schedule of lib/webhooks/retry-policy.ts. */
  schedule?: readonly number[];
  random?: () => number;
  budgetMs?: number;
  /** How long a deliverer with nothing due waits for a wake-up before it ends (default 100 ms). */
  lingerMs?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The deliverer of one webhook (one job at a time per webhook: its own graphile-worker queue).
 * Sends the webhook's due deliveries — sealed batches, retries whose time has come, replays —
 * with at most maxConcurrency requests in flight and at most maxRequestsPerSecond started per
 * second, claiming more as requests finish, until none is due, the webhook is disabled, or the
 * budget is spent. Answers are recorded in groups: whatever finished while the previous group's
 * transaction ran is the next group (one statement and one commit for all of them).
 * A claimed delivery stays pending in the table until its attempt is recorded (the deliverer
 * holds its id), so one cut off by a crash is simply due again (same webhook-id; receivers
 * de-duplicate). Since deliverers of a webhook never overlap, one left "delivering" (a test
 * send, or a delivery claimed before claims stopped marking them) is due again too.
 */
export async function deliverEventWebhook(
  webhookId: string,
  options: TDelivererOptions,
): Promise<{ attempts: number }> {
  // Registered first: a wake-up heard from here on is this deliverer's (it claims again).
  let poked = false;
  let onPoke: (() => void) | null = null;
  const unregister = registerDeliverer(webhookId, {
    poke: () => {
      poked = true;
      onPoke?.();
    },
  });
  const untilPoked = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
      onPoke = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      onPoke = null;
    });
  try {
    return await deliverUntilIdle(webhookId, options, {
      isPoked: () => poked,
      clearPoke: () => {
        poked = false;
      },
      untilPoked,
      unregister,
    });
  } finally {
    unregister();
  }
}

type TPokes = {
  isPoked: () => boolean;
  clearPoke: () => void;
  untilPoked: (ms: number) => Promise<void>;
  unregister: () => void;
};

async function deliverUntilIdle(
  webhookId: string,
  options: TDelivererOptions,
  pokes: TPokes,
): Promise<{ attempts: number }> {
  const clock = options.now ?? (() => new Date());
  const started = Date.now();
  const budgetMs = options.budgetMs ?? DELIVERER_BUDGET_MS;
  const log = moduleLog("event-webhooks");
  await options.database.query(
    `update webhook_deliveries
     set status = 'pending', next_attempt_at = least(coalesce(next_attempt_at, $2), $2), updated_at = now()
     where event_webhook_id = $1 and status = 'delivering' and (not is_test or updated_at < $3)`,
    [webhookId, clock(), new Date(clock().getTime() - ORPHANED_TEST_MS)],
  );
  const loaded = await loadDelivererWebhook(options.database, webhookId);
  if (!loaded?.enabled) return { attempts: 0 };
  let webhook: TDelivererWebhook = loaded;
  const health: THealthState = { failingSince: loaded.failingSince };
  // A limit set while this job runs applies from the next job (≤ the budget).
  const isRateLimited = loaded.maxRequestsPerSecond > 0;
  const dispatcher = options.dispatcher?.() ?? webhookDispatcher();
  const rateIntervalMs = isRateLimited ? 1000 / loaded.maxRequestsPerSecond : 0;
  // A timer that fires late (a busy event loop) must not bunch the next sends up behind it: in
  // this process each send also waits one interval after the previous one actually started.
  let lastSendMs = Number.NEGATIVE_INFINITY;
  const waitForSlot = async (slotMs: number, intervalMs: number) => {
    for (;;) {
      const dueMs = Math.max(slotMs, lastSendMs + intervalMs);
      const nowMs = clock().getTime();
      if (nowMs >= dueMs) break;
      await sleep(dueMs - nowMs);
    }
    lastSendMs = clock().getTime();
  };
  const inFlight = new Set<Promise<void>>();
  const answered: TSentAttempt[] = [];
  /** Claimed and not yet recorded: the claim leaves them out (they are still pending in the table). */
  const held = new Set<string>();
  let recording: Promise<void> | null = null;
  let attempts = 0;
  let isStopped = false;
  let hasMore = false;
  let failure: unknown;

  const stop = (error: unknown) => {
    failure ??= error;
    isStopped = true;
  };
  // The attempts of a group that could not be recorded (database gone) stay pending: the job
  // fails below, and graphile-worker's retry of it sends them again (same webhook-ids).
  const flush = () => {
    if (recording || answered.length === 0 || failure !== undefined) return;
    const group = answered.splice(0);
    recording = recordAttempts(options.database, webhook, group, health)
      .then((result) => {
        for (const attempt of group) held.delete(attempt.delivery.id);
        attempts += group.length;
        if (result.disabledReason) isStopped = true;
      })
      .catch((error: unknown) => {
        log.error({ err: error, deliveries: group.length }, "could not record event webhook attempts");
        stop(error);
      })
      .finally(() => {
        recording = null;
        flush();
      });
  };

  /** Claimed, not yet sent (claims run ahead of the free slots). Left pending if the job ends. */
  const ready: { delivery: TClaimedDelivery & { sendAtMs: number | null }; target: TDelivererWebhook }[] = [];
  const startReady = () => {
    while (ready.length > 0 && inFlight.size < webhook.maxConcurrency && !isStopped) {
      const { delivery, target } = ready.shift()!;
      const sending: Promise<void> = (async () => {
        if (delivery.sendAtMs !== null) await waitForSlot(delivery.sendAtMs, rateIntervalMs);
        answered.push(
          await sendAttempt(target, delivery, { dispatcher, now: clock, ...retryOptions(options) }),
        );
        flush();
      })()
        .catch(stop)
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
  };

  while (!isStopped) {
    if (Date.now() - started > budgetMs) {
      hasMore = true;
      break;
    }
    startReady();
    const free = Math.min(webhook.maxConcurrency - inFlight.size, MAX_UNRECORDED - answered.length);
    let retryAtMs: number | null = null;
    if (free > 0 && ready.length === 0) {
      pokes.clearPoke();
      const claim = await claimDueDeliveries(options.database, {
        webhookId,
        // Up to 2 × maxConcurrency more than the free slots, sent as slots free: one claim per
        // ~2 × maxConcurrency deliveries instead of one per finished request (bench:webhooks: the
        // claims' round trips were most of the worker's socket writes; with 1 × one claim per
        // 17 deliveries cost PostgreSQL ~35 µs per delivery).
        limit: isRateLimited ? free : free + 2 * webhook.maxConcurrency,
        now: clock(),
        isRateLimited,
        heldIds: [...held],
      });
      if (claim.webhook) webhook = claim.webhook;
      retryAtMs = claim.retryAtMs;
      for (const delivery of claim.deliveries) {
        held.add(delivery.id);
        ready.push({ delivery, target: webhook });
      }
      startReady();
    }
    // A wake-up while requests are in flight claims at once when a slot is free.
    const canClaim =
      ready.length === 0 && inFlight.size < webhook.maxConcurrency && answered.length < MAX_UNRECORDED;
    if (inFlight.size > 0) {
      if (!(canClaim && pokes.isPoked()))
        await Promise.race(canClaim ? [...inFlight, pokes.untilPoked(Number.POSITIVE_INFINITY)] : inFlight);
    } else if (retryAtMs !== null) await sleep(retryAtMs - clock().getTime());
    else if (free > 0) {
      if (!pokes.isPoked()) await pokes.untilPoked(options.lingerMs ?? LINGER_MS);
      // Synchronous with the check: a later wake-up finds no deliverer here and queues a job.
      if (!pokes.isPoked()) {
        pokes.unregister();
        break;
      }
    } else await recording;
  }
  pokes.unregister();
  await Promise.all(inFlight);
  while (recording || (answered.length > 0 && failure === undefined)) {
    flush();
    await recording;
  }
  if (failure !== undefined) throw failure;
  if (hasMore) await wakeDeliverers(options.database, [{ webhookId }]);
  return { attempts };
}

function retryOptions(options: TDelivererOptions) {
  return { schedule: options.schedule, random: options.random };
}

import pg from "pg";
import { pokeDeliverer } from "@/lib/event-webhooks/deliverer-registry";
import { WAKE_CHANNEL } from "@/lib/event-webhooks/insert-deliveries";
import { NOW_KEY_PREFIX, wakeDeliverers } from "@/lib/event-webhooks/wake-deliverer";
import { moduleLog } from "@/lib/log";

/** How often the safety net looks for due deliveries that no deliverer job will serve. */
const SWEEP_MS = 2_000;
/** A delivery due this long and still pending, with no deliverer job queued, missed its wake-up. */
const SWEEP_GRACE_MS = 1_000;
const RECONNECT_MS = 1_000;

// Webhooks with due deliveries and no deliverer job queued or running (graphile-worker keeps a
// job's key while it runs; a job that exhausted its attempts does not count).
const SWEEP_SQL = `select w.id from event_webhooks w
  where w.enabled
    and exists (select 1 from webhook_deliveries d
                where d.event_webhook_id = w.id and d.status = 'pending' and d.next_attempt_at <= $1)
    and not exists (select 1 from graphile_worker.jobs j
                    where j.key = $2 || w.id::text and j.attempts < j.max_attempts)`;

const listeners = new WeakMap<pg.Pool, () => void>();

/**
 * The worker process's side of the ingestion wake-up (enqueue-dispatch.ts): ingestion inserts due
 * deliveries and pg_notify's their webhooks at commit, instead of adding the keyed deliverer job
 * itself (that add_job locks one job row per webhook until commit: concurrent ingestion
 * transactions would queue on it). Here each webhook heard is handed to its deliverer when one
 * runs in this process, else gets the keyed job (graphile-worker's queue per webhook still allows
 * one deliverer across processes; every process hears the notification, the key de-duplicates).
 * A notification nobody heard (no worker connected, a lost connection) is caught by the sweep.
 * One listener per pool; it stops when the pool ends.
 */
export function listenForWakes(database: pg.Pool, options: { sweepMs?: number } = {}): void {
  if (listeners.has(database)) return;
  const log = moduleLog("event-webhooks");
  const pending = new Set<string>();
  let client: pg.Client | null = null;
  let isFlushing = false;
  let isStopped = false;

  const flush = () => {
    if (isFlushing || isStopped) return;
    const ids = [...pending].filter((id) => !pokeDeliverer(id));
    pending.clear();
    if (ids.length === 0) return;
    isFlushing = true;
    wakeDeliverers(
      database,
      ids.map((webhookId) => ({ webhookId })),
    )
      .catch((error: unknown) => {
        for (const id of ids) pending.add(id);
        log.warn({ err: error }, "could not queue event webhook deliverers; the sweep retries");
      })
      .finally(() => {
        isFlushing = false;
        if (!isStopped && pending.size > 0) setImmediate(flush);
      });
  };
  const hear = (ids: readonly string[]) => {
    for (const id of ids) if (!pokeDeliverer(id)) pending.add(id);
    flush();
  };
  const sweep = async () => {
    if (isStopped || !client) return;
    const found = await database.query<{ id: string }>(SWEEP_SQL, [
      new Date(Date.now() - SWEEP_GRACE_MS),
      NOW_KEY_PREFIX,
    ]);
    if (found.rows.length > 0) hear(found.rows.map((row) => row.id));
  };
  const connect = async () => {
    if (isStopped) return;
    const next = new pg.Client((database as unknown as { options: pg.ClientConfig }).options);
    next.on("notification", (message) => {
      if (message.channel === WAKE_CHANNEL && message.payload) hear(message.payload.split(","));
    });
    next.on("error", (error) => {
      log.warn({ err: error }, "event webhook wake-up listener lost its connection; reconnecting");
      if (client === next) client = null;
      next.end().catch(() => undefined);
      setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS).unref();
    });
    try {
      await next.connect();
      await next.query(`listen ${WAKE_CHANNEL}`);
    } catch (error) {
      next.end().catch(() => undefined);
      if (!isStopped) setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS).unref();
      throw error;
    }
    if (isStopped) return void next.end().catch(() => undefined);
    client = next;
    // A listener must not keep a process alive that is otherwise done (its pool is what ends it).
    (next as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    // Whatever was notified while nobody listened.
    await sweep().catch(() => undefined);
  };
  const stop = () => {
    if (isStopped) return;
    isStopped = true;
    listeners.delete(database);
    clearInterval(timer);
    client?.end().catch(() => undefined);
    client = null;
  };
  listeners.set(database, stop);
  const timer = setInterval(() => {
    if ((database as unknown as { ending?: boolean }).ending) return stop();
    sweep().catch((error: unknown) => log.warn({ err: error }, "event webhook sweep failed"));
  }, options.sweepMs ?? SWEEP_MS);
  timer.unref();
  // The pool ending removes its clients: stop with it (a test drops its database right after).
  database.on("remove", () => {
    if ((database as unknown as { ending?: boolean }).ending) stop();
  });
  void connect().catch((error: unknown) =>
    log.warn({ err: error }, "event webhook wake-up listener not connected"),
  );
}

/** Stops the listener of `database` (tests). */
export function stopListeningForWakes(database: pg.Pool): void {
  listeners.get(database)?.();
}

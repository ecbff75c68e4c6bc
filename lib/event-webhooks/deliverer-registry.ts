// The deliverers running in THIS process, by webhook id, so a wake-up heard here (a pg
// notification, listen-for-wakes.ts) can be handed to a running deliverer instead of queueing a
// job behind it. Node runs one thing at a time: a poke either reaches a deliverer before it
// decides to stop (it claims again) or finds it gone (the caller queues a job) — none is lost.

type TRunning = { poke: () => void };

const running = new Map<string, TRunning>();

export function registerDeliverer(webhookId: string, deliverer: TRunning): () => void {
  running.set(webhookId, deliverer);
  return () => {
    if (running.get(webhookId) === deliverer) running.delete(webhookId);
  };
}

/** True when a deliverer of `webhookId` runs here and will claim again after this call. */
export function pokeDeliverer(webhookId: string): boolean {
  const deliverer = running.get(webhookId);
  if (!deliverer) return false;
  deliverer.poke();
  return true;
}

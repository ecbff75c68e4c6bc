/**
 * Calls `tick` every `intervalMs` while the tab is visible, and at once when it becomes visible
 * again (a hidden tab costs nothing). A failing tick reports "reconnecting" and is tried again; a
 * 401 reports "signed-out" and stops. `tick` gets `isStopped` to drop an answer that arrives
 * after the caller went away. Returns the stop function (an effect's cleanup).
 */
export function pollWhileVisible(options: {
  intervalMs: number;
  tick: (isStopped: () => boolean) => Promise<void>;
  onStatus: (status: "paused" | "signed-out" | "reconnecting") => void;
}): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const isStopped = () => stopped;

  async function poll() {
    if (document.hidden) {
      options.onStatus("paused");
    } else {
      try {
        await options.tick(isStopped);
      } catch (error) {
        if (stopped) return;
        if ((error as { status?: number }).status === 401) {
          options.onStatus("signed-out");
          return;
        }
        options.onStatus("reconnecting");
      }
    }
    if (!stopped) timer = setTimeout(poll, options.intervalMs);
  }

  timer = setTimeout(poll, options.intervalMs);
  const onVisible = () => {
    if (document.hidden || stopped) return;
    clearTimeout(timer);
    void poll();
  };
  document.addEventListener("visibilitychange", onVisible);
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisible);
  };
}

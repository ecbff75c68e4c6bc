import type { TInvocationResult } from "../types";
import { PythonRunner, type TRunnerSpawnOptions } from "./python-runner";

export type TPoolOptions = {
  spawn: () => Promise<TRunnerSpawnOptions>;
  warmRunners: number;
  maxRunners: number;
  idleRunnerMs: number;
  maxInvocationsPerRunner: number;
  /** A runner whose WebAssembly heap grew past this is replaced (wasm memory never shrinks). */
  recycleAboveMemoryBytes: number;
};

type TWaiter = {
  workspaceId: string;
  resolve: (runner: PythonRunner) => void;
  reject: (error: Error) => void;
};

/**
 * Runner processes, each bound to at most one workspace for its whole life.
 *
 * Why a runner per workspace and not a reset between invocations: Pyodide cannot be locked down
 * from inside (guest Python reaches the runner's JavaScript), so anything a guest leaves behind —
 * a patched module, a hook on the runner's IPC — would see the next invocation's secrets. A reset
 * cannot be trusted; a process boundary can. So a runner serves one workspace only (functions of
 * a workspace share a tenant), each invocation still gets fresh Python globals, and a runner is
 * discarded after a timeout, a memory error, a crash, heap growth or `maxInvocationsPerRunner`.
 * Warm spares (started from the memory snapshot, bound on first use) keep a new workspace's
 * first call at a process hand-over instead of a boot.
 */
export class PythonPool {
  private readonly runners = new Set<PythonRunner>();
  private readonly readyRunners = new WeakSet<PythonRunner>();
  private readonly waiters: TWaiter[] = [];
  private readonly reaper: NodeJS.Timeout;
  private isClosed = false;
  /** Boot failures in a row; past 3, spares are not refilled for a while (no respawn storm). */
  private bootFailures = { count: 0, lastAt: 0 };
  /** Spawn → ready of every runner started, and the CPU time each used for it (benchmarks). */
  readonly bootTimesMs: number[] = [];
  readonly bootCpuMs: number[] = [];

  constructor(private readonly options: TPoolOptions) {
    this.reaper = setInterval(() => this.retireIdle(), Math.max(1_000, options.idleRunnerMs / 2));
    this.reaper.unref();
  }

  /** Starts the warm spares; resolves when they are ready (or failed). */
  async warmUp(): Promise<void> {
    this.refill();
    await Promise.allSettled([...this.runners].map((runner) => runner.ready));
  }

  async acquire(workspaceId: string): Promise<PythonRunner> {
    if (this.isClosed) throw new Error("the Python runtime is closed");
    const runner =
      this.takeIdle(workspaceId) ?? this.takeBootingSpare(workspaceId) ?? this.startFor(workspaceId);
    if (runner) {
      this.refill();
      await runner.ready;
      return runner;
    }
    return new Promise<PythonRunner>((resolve, reject) =>
      this.waiters.push({ workspaceId, resolve, reject }),
    );
  }

  release(runner: PythonRunner, result: TInvocationResult): void {
    const isSpent =
      result.status === "timeout" ||
      result.status === "memory" ||
      result.status === "crashed" ||
      (result.memoryBytes ?? 0) > this.options.recycleAboveMemoryBytes ||
      runner.invocationCount >= this.options.maxInvocationsPerRunner;
    if (isSpent) runner.kill();
    else this.serveWaiters();
  }

  async close(): Promise<void> {
    this.isClosed = true;
    clearInterval(this.reaper);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error("the Python runtime is closed"));
    const exits = [...this.runners].map(
      (runner) => new Promise<void>((resolve) => runner.onceExited(resolve)),
    );
    for (const runner of this.runners) runner.kill();
    await Promise.all(exits);
  }

  get size(): number {
    return this.runners.size;
  }

  get pids(): number[] {
    return [...this.runners].flatMap((runner) => (runner.pid === undefined ? [] : [runner.pid]));
  }

  private takeIdle(workspaceId: string): PythonRunner | null {
    let spare: PythonRunner | null = null;
    for (const runner of this.runners) {
      if (runner.isBusy || runner.isDead || !this.readyRunners.has(runner)) continue;
      if (runner.workspaceId === workspaceId) return this.reserve(runner, workspaceId);
      if (runner.workspaceId === null) spare ??= runner;
    }
    return spare ? this.reserve(spare, workspaceId) : null;
  }

  private takeBootingSpare(workspaceId: string): PythonRunner | null {
    for (const runner of this.runners) {
      if (runner.workspaceId === null && !runner.isDead && !runner.isBusy)
        return this.reserve(runner, workspaceId);
    }
    return null;
  }

  /** A new runner for this workspace, evicting the least recently used idle runner of another one if full. */
  private startFor(workspaceId: string): PythonRunner | null {
    if (this.runners.size >= this.options.maxRunners) {
      const idle = [...this.runners].filter((runner) => !runner.isBusy && runner.workspaceId !== workspaceId);
      const victim = idle.sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0];
      if (!victim) return null;
      this.runners.delete(victim);
      victim.kill();
    }
    return this.reserve(this.spawnRunner(), workspaceId);
  }

  /** Binds a runner and marks it used so that no other acquire takes it before the invocation starts. */
  private reserve(runner: PythonRunner, workspaceId: string): PythonRunner {
    runner.workspaceId = workspaceId;
    runner.reservedUntilInvoked = true;
    runner.lastUsedAt = Date.now();
    return runner;
  }

  private spawnRunner(): PythonRunner {
    const runner = new PythonRunner(this.spawnOptions());
    this.runners.add(runner);
    runner.ready.then(
      (bootMs) => {
        this.bootFailures.count = 0;
        this.readyRunners.add(runner);
        this.bootTimesMs.push(bootMs);
        if (runner.bootCpuMs !== null) this.bootCpuMs.push(runner.bootCpuMs);
        this.serveWaiters();
      },
      () => {
        this.bootFailures = { count: this.bootFailures.count + 1, lastAt: Date.now() };
        runner.kill();
      },
    );
    runner.onceExited(() => {
      this.runners.delete(runner);
      if (this.isClosed) return;
      this.refill();
      this.serveWaiters();
    });
    return runner;
  }

  private spawnOptions(): TRunnerSpawnOptions {
    if (!this.resolvedSpawnOptions) throw new Error("Python runner options are not resolved yet");
    return this.resolvedSpawnOptions;
  }

  private resolvedSpawnOptions: TRunnerSpawnOptions | null = null;

  /** Resolves spawn options (the snapshot may have to be made first); call before acquire. */
  async prepare(): Promise<void> {
    this.resolvedSpawnOptions ??= await this.options.spawn();
  }

  private refill(): void {
    if (this.isClosed || !this.resolvedSpawnOptions) return;
    if (this.bootFailures.count >= 3 && Date.now() - this.bootFailures.lastAt < 30_000) return;
    let spares = [...this.runners].filter((runner) => runner.workspaceId === null && !runner.isDead).length;
    while (spares < this.options.warmRunners && this.runners.size < this.options.maxRunners) {
      this.spawnRunner();
      spares += 1;
    }
  }

  private serveWaiters(): void {
    while (this.waiters.length > 0 && !this.isClosed) {
      const waiter = this.waiters[0];
      if (!waiter) return;
      const runner =
        this.takeIdle(waiter.workspaceId) ??
        this.takeBootingSpare(waiter.workspaceId) ??
        this.startFor(waiter.workspaceId);
      if (!runner) return;
      this.waiters.shift();
      runner.ready.then(() => waiter.resolve(runner), waiter.reject);
    }
  }

  private retireIdle(): void {
    const cutoff = Date.now() - this.options.idleRunnerMs;
    for (const runner of this.runners) {
      if (
        runner.workspaceId !== null &&
        !runner.isBusy &&
        !runner.reservedUntilInvoked &&
        runner.lastUsedAt < cutoff
      ) {
        runner.kill();
      }
    }
  }
}

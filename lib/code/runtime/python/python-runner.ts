import { type ChildProcess, spawn } from "node:child_process";
import type { Duplex } from "node:stream";
import type { IHostBridge, TInvocationRequest, TInvocationResult, TInvocationStatus } from "../types";
import { openFrameChannel, type TFrameChannel } from "./frame-channel";
import { createHostCallHandler } from "./host-calls";
import { shapeRunnerResult } from "./runner-result";
import { EMPTY_ENV, type TSandboxCommand } from "./sandbox-command";

export type TRunnerSpawnOptions = {
  entry: string;
  pyodideDir: string;
  childDir: string;
  snapshotFile: string;
  /** Hard ceiling of the WebAssembly heap (V8 --wasm-max-mem-pages); per-request caps go lower. */
  maxMemoryMb: number;
  sandbox: TSandboxCommand;
};

/** Python's whole heap (interpreter + preloaded modules) is ~30 MB before user code runs. */
const JS_HEAP_MB = 192;
const STDERR_TAIL_CHARS = 4_000;

type TActiveInvocation = {
  id: string;
  request: TInvocationRequest;
  startedAt: number;
  finish: (result: TInvocationResult) => void;
  hostCalls: ReturnType<typeof createHostCallHandler>;
  wallTimer: NodeJS.Timeout;
  /** Set when the host decided the outcome (wall clock) before killing the runner. */
  killedFor: { status: TInvocationStatus; name: string; message: string } | null;
};

/**
 * One Python runner process, seen from the host. Serves one invocation at a time; trusts nothing
 * the runner sends (frames are size-capped and validated, fetch/SDK records are kept here) and
 * enforces the wall clock by killing it.
 */
export class PythonRunner {
  private static nextId = 1;
  readonly id = PythonRunner.nextId++;
  /** The workspace this runner is bound to; a runner never serves two workspaces. */
  workspaceId: string | null = null;
  invocationCount = 0;
  lastUsedAt = Date.now();
  isDead = false;
  /** Set by the pool when it hands the runner out, cleared when the invocation starts. */
  reservedUntilInvoked = false;
  /** CPU time the runner used to boot (as it reports; for benchmarks only). */
  bootCpuMs: number | null = null;
  /** Resolves with the boot time in ms (spawn to ready), rejects if the runner dies first. */
  readonly ready: Promise<number>;
  private readonly process: ChildProcess;
  private readonly channel: TFrameChannel;
  private active: TActiveInvocation | null = null;
  private stderrTail = "";
  private readonly exitListeners: Array<() => void> = [];

  constructor(options: TRunnerSpawnOptions) {
    const spawnedAt = performance.now();
    const nodeArgs = [
      "--experimental-permission",
      `--allow-fs-read=${options.pyodideDir}/`,
      `--allow-fs-read=${options.childDir}/`,
      `--allow-fs-read=${options.snapshotFile}`,
      `--wasm-max-mem-pages=${options.maxMemoryMb * 16}`,
      `--max-old-space-size=${JS_HEAP_MB}`,
      "--no-warnings",
      options.entry,
      "--pyodide-dir",
      options.pyodideDir,
      "--snapshot",
      options.snapshotFile,
      "--mem-cap-mb",
      String(options.maxMemoryMb),
    ];
    const [command = process.execPath, ...commandArgs] = [
      ...options.sandbox.prefix,
      process.execPath,
      ...nodeArgs,
    ];
    this.process = spawn(command, commandArgs, {
      env: EMPTY_ENV,
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    });
    this.process.stderr?.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
    });
    let markReady: (bootMs: number) => void = () => {};
    let failReady: (error: Error) => void = () => {};
    this.ready = new Promise<number>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => {});
    this.channel = openFrameChannel(this.process.stdio[3] as Duplex, {
      onFrame: (frame) => {
        if (frame.type === "ready") {
          this.bootCpuMs = typeof frame.bootCpuMs === "number" ? frame.bootCpuMs : null;
          markReady(Math.round(performance.now() - spawnedAt));
        } else this.onFrame(frame);
      },
      onViolation: (reason) => this.kill({ status: "crashed", name: "RunnerProtocolError", message: reason }),
    });
    this.process.on("exit", (code, signal) => {
      this.isDead = true;
      failReady(
        new Error(`Python runner exited before it was ready (${signal ?? code}): ${this.stderrTail.trim()}`),
      );
      this.onExit();
      for (const listener of this.exitListeners) listener();
    });
    this.process.on("error", (error) => {
      this.isDead = true;
      failReady(error);
    });
  }

  /** The spawned process (the sandbox wrapper where there is one; the runner is its child). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  get isBusy(): boolean {
    return this.active !== null || this.reservedUntilInvoked;
  }

  onceExited(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  invoke(request: TInvocationRequest, bridge: IHostBridge): Promise<TInvocationResult> {
    if (this.active || this.isDead) throw new Error("Python runner is not available");
    this.reservedUntilInvoked = false;
    this.invocationCount += 1;
    this.lastUsedAt = Date.now();
    return new Promise<TInvocationResult>((resolve) => {
      const active: TActiveInvocation = {
        id: request.invocationId,
        request,
        startedAt: performance.now(),
        finish: (result) => {
          if (this.active !== active) return;
          clearTimeout(active.wallTimer);
          this.active = null;
          this.lastUsedAt = Date.now();
          resolve(result);
        },
        hostCalls: createHostCallHandler(request, bridge, (reply) => this.channel.send(reply)),
        wallTimer: setTimeout(
          () =>
            this.kill({
              status: "timeout",
              name: "TimeoutError",
              message: `wall-clock limit of ${request.limits.wallMs} ms exceeded`,
            }),
          request.limits.wallMs,
        ),
        killedFor: null,
      };
      this.active = active;
      this.channel.send({
        type: "invoke",
        id: request.invocationId,
        code: request.code,
        cacheKey: request.cacheKey,
        limits: request.limits,
        payload: JSON.stringify({
          event: request.event ?? null,
          profile: request.profile ?? null,
          env: request.env,
          limits: request.limits,
          context: {
            invocationId: request.invocationId,
            workspaceId: request.workspaceId,
            functionId: request.functionId,
            versionId: request.versionId,
            runId: request.runId,
          },
        }),
      });
    });
  }

  /** Ends the runner; an invocation in progress ends with `reason` (default "crashed"). */
  kill(reason?: { status: TInvocationStatus; name: string; message: string }): void {
    if (this.active && reason && !this.active.killedFor) this.active.killedFor = reason;
    // Dead from now on for the pool, even before the exit event arrives.
    const wasDead = this.isDead;
    this.isDead = true;
    if (!wasDead) this.process.kill("SIGKILL");
  }

  private onFrame(frame: Record<string, unknown>): void {
    const active = this.active;
    if (!active) return;
    if (frame.type === "call") {
      active.hostCalls.handle(frame);
    } else if (frame.type === "result" && frame.id === active.id) {
      active.finish(
        shapeRunnerResult(frame, {
          limits: active.request.limits,
          durationMs: performance.now() - active.startedAt,
          fetches: active.hostCalls.fetches,
          sdkCalls: active.hostCalls.sdkCalls,
        }),
      );
    }
  }

  private onExit(): void {
    const active = this.active;
    if (!active) return;
    const outOfMemory = /out of memory|Allocation failed/i.test(this.stderrTail);
    const reason = active.killedFor ?? {
      status: outOfMemory ? ("memory" as const) : ("crashed" as const),
      name: outOfMemory ? "MemoryError" : "RunnerCrashed",
      message: outOfMemory
        ? "the Python runner ran out of memory"
        : "the Python runner stopped unexpectedly; it has been replaced",
    };
    active.finish({
      status: reason.status,
      returnValue: null,
      logs: [],
      logsTruncated: false,
      fetches: active.hostCalls.fetches,
      sdkCalls: active.hostCalls.sdkCalls,
      // The runner's last stderr lines (its own or the guest's output) help diagnose a crash.
      error: {
        name: reason.name,
        message: reason.message,
        stack: this.stderrTail.slice(-1_000) || null,
        line: null,
        column: null,
      },
      durationMs: Math.round(performance.now() - active.startedAt),
      cpuMs: null,
      memoryBytes: null,
    });
  }
}

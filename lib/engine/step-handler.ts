import type { TEngineProfile } from "@/lib/engine/load-subjects";
import type { TStepRound } from "@/lib/engine/step-round";
import type { TFlowGraph, TFlowNodeType, TNodeOf } from "@/lib/flows/graph-schema";

export type TEngineEvent = {
  id: string;
  metricId: string;
  metricName: string;
  properties: Record<string, unknown>;
  time: Date;
  uniqueId: string;
  value: number | null;
  depth: number;
};

/** What a step handler is given. Everything is loaded in bulk for the batch before handlers run. */
export type TStepContext<TType extends TFlowNodeType = TFlowNodeType> = {
  workspaceId: string;
  run: { id: string; flowId: string; flowVersionId: string; isTest: boolean };
  step: { id: string; nodeId: string; attempt: number; idempotencyKey: string };
  node: TNodeOf<TType>;
  graph: TFlowGraph;
  profile: TEngineProfile;
  listIds: ReadonlySet<string>;
  segmentIds: ReadonlySet<string>;
  /** The triggering event (metric-triggered runs only). */
  event: TEngineEvent | null;
  /** Outputs of the run's completed steps, by node id. */
  outputs: Readonly<Record<string, Record<string, unknown>>>;
  now: Date;
  /** Aborted when the step's time is up or the worker shuts down. */
  signal: AbortSignal;
  log: (message: string, data?: Record<string, unknown>) => void;
  /**
   * The round this step runs in (step-round.ts): reads shared with the round's other steps, writes
   * made in the commit that records this step's result. Absent outside the engine's rounds.
   */
  round?: TStepRound;
};

export type TStepResult = {
  output?: Record<string, unknown>;
  /** The output handle to follow ("yes"/"no" for splits); undefined = the single output. */
  branch?: string;
  /** Schedule the following steps for this time (time delays). */
  nextAt?: Date;
};

/**
 * A failure a handler reports. Retryable failures (the default) are attempted again with backoff
 * up to the handler's maxAttempts; others fail the step, and so the run, at once.
 */
export class StepError extends Error {
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly output: Record<string, unknown> | undefined;
  constructor(
    message: string,
    options: { isRetryable?: boolean; retryAfterMs?: number; output?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "StepError";
    this.isRetryable = options.isRetryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
    this.output = options.output;
  }
}

export type TStepHandler<TType extends TFlowNodeType = TFlowNodeType> = {
  type: TType;
  /** Attempts before the step fails (1 = no retry). */
  maxAttempts: number;
  /** The step is aborted (and counts as a failed attempt) after this long. */
  timeoutMs: number;
  execute: (context: TStepContext<TType>) => Promise<TStepResult>;
};

export type TStepHandlers = Partial<{ [TType in TFlowNodeType]: TStepHandler<TType> }>;

type TAnyStepHandler = Omit<TStepHandler, "execute"> & {
  execute: (context: TStepContext) => Promise<TStepResult>;
};

/**
 * The handler for a node's type. The registry's mapped type guarantees each handler receives
 * contexts of its own node type; the engine holds a node of the union, hence the one cast here.
 */
export function handlerFor(handlers: TStepHandlers, type: TFlowNodeType): TAnyStepHandler | undefined {
  return handlers[type] as unknown as TAnyStepHandler | undefined;
}

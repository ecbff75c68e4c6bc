import type { TRunStatus, TStepStatus } from "@/app/api/app/runs/run-detail-types";
import { Badge } from "@/components/ui/badge";
import { FLOW_STATUS, RUN_STATUS, STEP_STATUS } from "./labels";

export function FlowStatusBadge({ status }: { status: keyof typeof FLOW_STATUS }) {
  const { label, tone } = FLOW_STATUS[status];
  return <Badge tone={tone}>{label}</Badge>;
}

export function RunStatusBadge({ status }: { status: TRunStatus }) {
  const { label, tone } = RUN_STATUS[status];
  return (
    <Badge tone={tone}>
      <span data-testid="run-status" data-status={status}>
        {label}
      </span>
    </Badge>
  );
}

export function StepStatusBadge({
  status,
  waitingReason,
}: {
  status: TStepStatus;
  waitingReason?: string | null;
}) {
  const { label, tone } = STEP_STATUS[status];
  return (
    <Badge tone={tone}>{status === "waiting" && waitingReason === "review" ? "Needs review" : label}</Badge>
  );
}

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { FunctionRowActions } from "./function-row-actions";
import { FUNCTION_STATUS, formatRate, LANGUAGE_LABELS } from "./labels";

export type TFunctionListItem = {
  id: string;
  name: string;
  language: "javascript" | "python";
  status: "draft" | "deployed";
  deployedVersionNumber: number | null;
  topics: string[];
  lastRunAt: string | null;
  /** Failed / all invocations over the stats window; null when nothing ran. */
  errorRate: number | null;
  invocationCount: number;
  updatedAt: string;
};

export function FunctionsTable({
  functions,
  canEdit,
  statsWindowLabel,
}: {
  functions: TFunctionListItem[];
  canEdit: boolean;
  statsWindowLabel: string;
}) {
  return (
    <Table>
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>Language</TH>
          <TH>Triggered by</TH>
          <TH>Status</TH>
          <TH>Last run</TH>
          <TH className="text-right">Error rate ({statsWindowLabel})</TH>
          <TH className="w-0">
            <span className="sr-only">Actions</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {functions.map((item) => (
          <TR key={item.id} data-testid="function-row" data-function-id={item.id}>
            <TD>
              <Link
                href={`/code/${item.id}`}
                className="font-medium text-zinc-900 hover:text-accent-700 hover:underline"
              >
                {item.name}
              </Link>
            </TD>
            <TD>
              <Badge tone={item.language === "javascript" ? "amber" : "accent"}>
                {LANGUAGE_LABELS[item.language]}
              </Badge>
            </TD>
            <TD className="max-w-72" data-testid="function-topics">
              <TopicsCell topics={item.topics} />
            </TD>
            <TD data-testid="function-status">
              <Badge tone={FUNCTION_STATUS[item.status].tone}>
                {FUNCTION_STATUS[item.status].label}
                {item.deployedVersionNumber ? ` v${item.deployedVersionNumber}` : ""}
              </Badge>
            </TD>
            <TD className="whitespace-nowrap">
              {item.lastRunAt ? (
                <RelativeTime value={item.lastRunAt} />
              ) : (
                <span className="text-zinc-400">Never</span>
              )}
            </TD>
            <TD
              className="text-right tabular-nums"
              data-testid="function-error-rate"
              title={`${item.invocationCount.toLocaleString("en-US")} invocations`}
            >
              <span className={item.errorRate ? "text-red-700" : undefined}>
                {formatRate(item.errorRate)}
              </span>
            </TD>
            <TD className="whitespace-nowrap">
              <div className="flex items-center justify-end gap-1">
                <Link
                  href={`/code/${item.id}`}
                  className="text-[13px] font-medium text-accent-700 hover:underline"
                >
                  {canEdit ? "Edit" : "View"}
                </Link>
                {canEdit ? <FunctionRowActions functionId={item.id} name={item.name} /> : null}
              </div>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function TopicsCell({ topics }: { topics: string[] }) {
  if (topics.length === 0) return <span className="text-zinc-500">Code nodes in flows</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {topics.map((topic) => (
        <Badge key={topic}>{topic}</Badge>
      ))}
    </span>
  );
}

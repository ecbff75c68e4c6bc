import Link from "next/link";
import type { TFlowWebhookNode } from "@/lib/webhooks/logs/flow-webhook-node";

/** The flows' webhook nodes, each a way into its delivery log. */
export function FlowWebhookNodesTable({ nodes }: { nodes: TFlowWebhookNode[] }) {
  if (nodes.length === 0) {
    return (
      <p className="px-4 py-6 text-[13px] text-zinc-500">
        No flow has a webhook node yet. Add one in the flow editor; its deliveries are logged here.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-zinc-100" data-testid="flow-webhook-nodes">
      {nodes.map((node) => (
        <li
          key={`${node.flowId}:${node.nodeId}`}
          className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2.5"
        >
          <Link
            href={`/webhooks/flows/${node.flowId}/${encodeURIComponent(node.nodeId)}`}
            className="text-[13px] font-medium text-accent-700 hover:underline"
          >
            {node.flowName} · {node.label}
          </Link>
          <code className="min-w-0 truncate font-mono text-xs text-zinc-500">
            {node.url ?? "no endpoint yet"}
          </code>
        </li>
      ))}
    </ul>
  );
}

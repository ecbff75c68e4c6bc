import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { IconActivity } from "@/components/ui/icons";

export function firstEventCurl(baseUrl: string): string {
  return `curl -X POST '${baseUrl}/api/events' \\
  -H 'Authorization: Klaviyo-API-Key YOUR_PRIVATE_KEY' \\
  -H 'revision: 2024-10-15' \\
  -H 'Content-Type: application/vnd.api+json' \\
  -d '{
  "data": {
    "type": "event",
    "attributes": {
      "properties": { "OrderId": "1001", "ItemNames": ["Tea"], "Value": 29.9 },
      "metric": { "data": { "type": "metric", "attributes": { "name": "Placed Order" } } },
      "profile": { "data": { "type": "profile", "attributes": { "email": "jane@example.com" } } }
    }
  }
}'`;
}

/** The empty Activity feed: how to send the first event (the Klaviyo-compatible API). */
export function FirstEventGuide({ baseUrl, canCreateKeys }: { baseUrl: string; canCreateKeys: boolean }) {
  const curl = firstEventCurl(baseUrl);
  return (
    <div className="px-6 py-10" data-testid="first-event-guide">
      <div className="mx-auto max-w-2xl">
        <div className="flex items-center gap-3">
          <div className="flex size-10 items-center justify-center rounded-lg border border-zinc-200 bg-white text-zinc-500 shadow-xs">
            <IconActivity className="size-5" />
          </div>
          <div>
            <h2 className="text-sm font-semibold">No events yet</h2>
            <p className="text-[13px] text-zinc-500">Send your first one; it shows up here within seconds.</p>
          </div>
        </div>
        <ol className="mt-5 list-decimal space-y-2 pl-5 text-[13px] text-zinc-600">
          <li>
            {canCreateKeys ? (
              <>
                Create a private key in{" "}
                <Link href="/settings/api-keys" className="font-medium text-accent-600 hover:text-accent-700">
                  Settings → API keys
                </Link>
                .
              </>
            ) : (
              "Ask an admin or owner of this workspace for a private API key."
            )}
          </li>
          <li>
            Send an event to the endpoint that follows Klaviyo&apos;s Create Event API, at{" "}
            <code className="rounded bg-zinc-100 px-1 font-mono text-xs">{baseUrl}</code>:
          </li>
        </ol>
        <div className="relative mt-3">
          <pre className="overflow-x-auto rounded-lg bg-zinc-900 p-4 font-mono text-xs leading-relaxed text-zinc-100">
            {curl}
          </pre>
          <div className="absolute top-2 right-2">
            <CopyButton text={curl} />
          </div>
        </div>
        <p className="mt-3 text-xs text-zinc-500">
          A 2xx answer means the event was accepted. A new metric joins the filter above on the next page
          load.
        </p>
      </div>
    </div>
  );
}

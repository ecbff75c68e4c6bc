import type { Metadata } from "next";
import { ComingSoon } from "@/components/app-shell/coming-soon";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { IconWebhook } from "@/components/ui/icons";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Event webhooks" };

export default async function EventWebhooksPage() {
  await requirePageWorkspace();
  return (
    <Page>
      <PageHeader
        title="Event webhooks"
        description="Send every event of chosen metrics to an endpoint of yours, outside any flow."
      />
      <ComingSoon
        icon={<IconWebhook className="size-5" />}
        title="Event webhooks arrive with webhook delivery"
        what="One endpoint subscribed to one or more metrics, receiving a pre-built, documented and versioned payload."
        points={[
          "Any metric, including message events: Received Email, Opened Email, Clicked Email, Unsubscribed and the others.",
          "Every request signed (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature), with secret rotation.",
          "Retries with backoff and jitter; every attempt stored with its response and replayable; endpoints that keep failing are disabled with the reason shown.",
        ]}
      />
    </Page>
  );
}

import { pickAttributes } from "@/lib/api/sparse-fieldsets";
import type { Metric } from "@/lib/generated/prisma/client";

/**
 * A metric as Klaviyo returns it. Metrics are never renamed here, so `updated` is the creation
 * time; `integration` is null (Hookflow metrics all come from its own API, not integrations).
 */
export function metricResource(metric: Metric, options: { baseUrl: string; fields?: string[] | null }) {
  return {
    type: "metric" as const,
    id: metric.id,
    attributes: pickAttributes(
      {
        name: metric.name,
        created: metric.createdAt.toISOString(),
        updated: metric.createdAt.toISOString(),
        integration: null,
      },
      options.fields ?? null,
    ),
    links: { self: `${options.baseUrl}/api/metrics/${metric.id}` },
  };
}

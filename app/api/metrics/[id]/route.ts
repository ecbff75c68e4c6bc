import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { metricResource } from "@/lib/api/resources/metric-resource";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import { withApiKey } from "@/lib/api/with-api-key";
import { getMetricOrThrow } from "@/lib/events/list-metrics";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(
  async ({ request, url, principal, params }) => {
    const metric = await getMetricOrThrow({ workspaceId: principal.workspaceId, metricId: params.id });
    const resource = metricResource(metric, {
      baseUrl: apiBaseUrl(request),
      fields: readSparseFields(url, "metric"),
    });
    return jsonApiResponse({ data: resource, links: resource.links });
  },
  { needs: "full" },
);

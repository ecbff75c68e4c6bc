import { apiBaseUrl } from "@/lib/api/api-base-url";
import { jsonApiResponse } from "@/lib/api/json-api-response";
import { readFilter } from "@/lib/api/klaviyo-filter";
import { collectionLinks, decodeIdCursor, encodeCursor, readPageCursor } from "@/lib/api/pagination";
import { refuseParameter } from "@/lib/api/queries/filter-values";
import { metricResource } from "@/lib/api/resources/metric-resource";
import { readSparseFields } from "@/lib/api/sparse-fieldsets";
import { withApiKey } from "@/lib/api/with-api-key";
import { listMetrics } from "@/lib/events/list-metrics";

export const dynamic = "force-dynamic";

/**
 * Klaviyo's Get Metrics: 200 per page. Klaviyo's only filters are on the integration, which
 * Hookflow metrics do not have, so any filter is refused (400) rather than ignored.
 */
export const GET = withApiKey(
  async ({ request, url, principal }) => {
    readFilter(url, {});
    refuseParameter(url, "include");
    const cursor = readPageCursor(url);
    const { metrics, nextAfterId } = await listMetrics({
      workspaceId: principal.workspaceId,
      afterId: cursor ? decodeIdCursor(cursor) : undefined,
    });
    const baseUrl = apiBaseUrl(request);
    const fields = readSparseFields(url, "metric");
    return jsonApiResponse({
      data: metrics.map((metric) => metricResource(metric, { baseUrl, fields })),
      links: collectionLinks(url, baseUrl, nextAfterId ? encodeCursor([nextAfterId]) : null),
    });
  },
  { needs: "full" },
);

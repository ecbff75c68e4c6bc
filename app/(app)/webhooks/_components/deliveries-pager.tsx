import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { deliveriesHref, type TDeliveryFilterValues } from "./delivery-filter-params";

/** Newest / Older links under a delivery log page (keyset cursor); nothing when there is one page. */
export function DeliveriesPager({
  basePath,
  filters,
  cursor,
  nextCursor,
}: {
  basePath: string;
  filters: TDeliveryFilterValues;
  cursor: string | null;
  nextCursor: string | null;
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <div className="flex items-center justify-between border-t border-zinc-200 px-4 py-2.5 text-[13px]">
      {cursor ? (
        <Link href={deliveriesHref(basePath, filters)} className={buttonClasses({ size: "sm" })}>
          Newest deliveries
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={deliveriesHref(basePath, filters, nextCursor)} className={buttonClasses({ size: "sm" })}>
          Older deliveries
        </Link>
      ) : (
        <span className="text-zinc-500">That is every delivery.</span>
      )}
    </div>
  );
}

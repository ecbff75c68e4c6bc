import Link from "next/link";
import { Fragment, type ReactNode } from "react";

export type TCrumb = { label: ReactNode; href?: string };

/** The trail above a detail page's header: linked ancestors, then the page itself (no href). */
export function Breadcrumbs({ items }: { items: TCrumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-[13px] text-zinc-500">
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed trail, never reordered
        <Fragment key={index}>
          {index > 0 ? <span aria-hidden="true"> / </span> : null}
          {item.href ? (
            <Link href={item.href} className="hover:text-zinc-800 hover:underline">
              {item.label}
            </Link>
          ) : (
            <span>{item.label}</span>
          )}
        </Fragment>
      ))}
    </nav>
  );
}

import { pickAttributes } from "@/lib/api/sparse-fieldsets";
import type { List } from "@/lib/generated/prisma/client";

export function listResource(list: List, options: { baseUrl: string; fields?: string[] | null }) {
  const self = `${options.baseUrl}/api/lists/${list.id}`;
  return {
    type: "list" as const,
    id: list.id,
    attributes: pickAttributes(
      {
        name: list.name,
        created: list.createdAt.toISOString(),
        updated: list.updatedAt.toISOString(),
        opt_in_process: "single_opt_in",
      },
      options.fields ?? null,
    ),
    relationships: {
      profiles: { links: { self: `${self}/relationships/profiles`, related: `${self}/profiles` } },
    },
    links: { self },
  };
}

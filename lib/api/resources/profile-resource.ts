import { pickAttributes } from "@/lib/api/sparse-fieldsets";
import type { Profile } from "@/lib/generated/prisma/client";

const LOCATION_KEYS = [
  "address1",
  "address2",
  "city",
  "country",
  "latitude",
  "longitude",
  "region",
  "zip",
  "ip",
] as const;

/** Klaviyo's location object: every key present (null when unknown); the time zone from its column. */
function locationAttributes(profile: Profile) {
  const stored = (profile.location ?? {}) as Record<string, unknown>;
  const location: Record<string, unknown> = {};
  for (const key of LOCATION_KEYS) location[key] = stored[key] ?? null;
  location.timezone = profile.timezone;
  return location;
}

/** A profile as Klaviyo's API returns it (type "profile", snake_case attributes, links.self). */
export function profileResource(
  profile: Profile,
  options: { baseUrl: string; fields?: string[] | null; lastEventDate?: Date | null; joinedGroupAt?: Date },
) {
  const attributes = {
    email: profile.email,
    phone_number: profile.phoneNumber,
    external_id: profile.externalId,
    first_name: profile.firstName,
    last_name: profile.lastName,
    organization: profile.organization,
    locale: profile.locale,
    title: profile.title,
    image: profile.image,
    created: profile.createdAt.toISOString(),
    updated: profile.updatedAt.toISOString(),
    last_event_date: options.lastEventDate?.toISOString() ?? null,
    location: locationAttributes(profile),
    properties: profile.properties as Record<string, unknown>,
    ...(options.joinedGroupAt ? { joined_group_at: options.joinedGroupAt.toISOString() } : {}),
  };
  return {
    type: "profile" as const,
    id: profile.id,
    attributes: pickAttributes(attributes, options.fields ?? null),
    links: { self: `${options.baseUrl}/api/profiles/${profile.id}` },
  };
}

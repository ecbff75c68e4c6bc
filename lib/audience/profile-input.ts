import { z } from "zod";

// What a Klaviyo request says about a profile (events, bulk events, profile-import), validated
// once and turned into TProfileChanges: the identifiers, the plain columns, and the location and
// property patches. Klaviyo's rule throughout: a field that is absent is left unchanged, a field
// set to null is cleared; `properties` are merged shallowly into the stored ones.

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

// Emails are compared case-insensitively (stored lowercased), so "Ada@X.com" and "ada@x.com" are
// one profile, as in Klaviyo. Lengths stay under what a btree index entry can hold.
export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "An email address has at most 254 characters")
  .regex(EMAIL_PATTERN, "Not a valid email address");

/** E.164 (+ and up to 15 digits); spaces, dots, dashes and parentheses are removed first. */
export const ZPhoneNumber = z
  .string()
  .overwrite((value) => value.replace(/[\s().-]/g, ""))
  .regex(E164_PATTERN, "Not a valid phone number: use E.164 format, e.g. +15005550006");

export const ZExternalId = z.string().min(1).max(512);

const timezoneCache = new Map<string, boolean>();

export function isIanaTimezone(value: string): boolean {
  let known = timezoneCache.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    if (timezoneCache.size < 10_000) timezoneCache.set(value, known);
  }
  return known;
}

const text = (max: number) => z.string().max(max).nullable().optional();
const coordinate = z
  .union([z.number().finite(), z.string().max(64)])
  .nullable()
  .optional();

export const ZLocationInput = z
  .object({
    address1: text(1024),
    address2: text(1024),
    city: text(1024),
    country: text(1024),
    region: text(1024),
    zip: text(64),
    latitude: coordinate,
    longitude: coordinate,
    timezone: z
      .string()
      .refine(isIanaTimezone, "Not an IANA time zone, e.g. Europe/Berlin")
      .nullable()
      .optional(),
    ip: text(64),
  })
  .strict();

/**
 * Top-level keys in one `properties` object (an event's, or a profile's in one request). Klaviyo
 * documents 400 custom properties per event; the same cap on a profile update keeps one request
 * from turning a profile into a 20,000-key document that every segment scan then reads.
 * docs/LIMITS.md lists every limit.
 */
export const MAX_PROPERTIES = 400;

export const ZJsonObject = z
  .record(z.string(), z.unknown())
  .refine((value) => Object.keys(value).length <= MAX_PROPERTIES, {
    message: `At most ${MAX_PROPERTIES} properties in one object`,
  });

const notSupported = (what: string) =>
  z.undefined({ error: `${what} is not supported by Hookflow (patch_properties.unset is)` }).optional();

export const ZProfileMeta = z
  .object({
    patch_properties: z
      .object({
        unset: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
        append: notSupported("patch_properties.append"),
        unappend: notSupported("patch_properties.unappend"),
      })
      .strict()
      .optional(),
    patch_identifiers: notSupported("patch_identifiers"),
  })
  .strict();

export const ZProfileAttributesInput = z
  .object({
    email: ZEmail.nullable().optional(),
    phone_number: ZPhoneNumber.nullable().optional(),
    external_id: ZExternalId.nullable().optional(),
    // Klaviyo's anonymous identifiers: accepted so existing payloads validate, but not stored and
    // never used to identify a profile (Hookflow has no onsite tracking).
    anonymous_id: z.string().max(512).nullable().optional(),
    _kx: z.string().max(512).nullable().optional(),
    first_name: text(1024),
    last_name: text(1024),
    organization: text(1024),
    title: text(1024),
    locale: text(64),
    image: text(2048),
    location: ZLocationInput.nullable().optional(),
    // null is read as "no change" (clearing every property is done with meta.patch_properties.unset).
    properties: ZJsonObject.nullable().optional(),
    meta: ZProfileMeta.optional(),
  })
  .strict();

/** A profile resource object as Klaviyo's event, bulk and profile-import requests carry it. */
export const ZProfileResourceInput = z
  .object({
    type: z.literal("profile"),
    id: z.string().min(1).max(64).nullable().optional(),
    attributes: ZProfileAttributesInput.default({}),
    meta: ZProfileMeta.optional(),
  })
  .strict()
  .superRefine((profile, context) => {
    const { email, phone_number, external_id } = profile.attributes;
    if (!profile.id && !email && !phone_number && !external_id) {
      context.addIssue({
        code: "custom",
        path: ["attributes"],
        message: "A profile needs at least one identifier: id, email, phone_number or external_id",
      });
    }
  });

export type TProfileResourceInput = z.output<typeof ZProfileResourceInput>;

export const PROFILE_COLUMNS = [
  "first_name",
  "last_name",
  "organization",
  "title",
  "image",
  "locale",
  "timezone",
] as const;
export type TProfileColumn = (typeof PROFILE_COLUMNS)[number];

export type TProfileChanges = {
  /** Hookflow's profile id, when the caller names the profile by it. */
  id?: string;
  email?: string | null;
  phoneNumber?: string | null;
  externalId?: string | null;
  columns: Partial<Record<TProfileColumn, string | null>>;
  /** Whole location cleared (location: null) before `location` is applied. */
  clearLocation: boolean;
  /** Location keys to set; a null value removes that key. */
  location: Record<string, unknown>;
  properties: Record<string, unknown>;
  unsetProperties: string[];
};

/** Reads a validated profile resource into the changes it asks for. */
export function toProfileChanges(profile: TProfileResourceInput): TProfileChanges {
  const attributes = profile.attributes;
  const columns: TProfileChanges["columns"] = {};
  for (const column of PROFILE_COLUMNS) {
    if (column === "timezone") continue;
    const value = attributes[column];
    if (value !== undefined) columns[column] = value;
  }
  let clearLocation = false;
  const location: Record<string, unknown> = {};
  if (attributes.location === null) {
    clearLocation = true;
    columns.timezone = null;
  } else if (attributes.location) {
    for (const [key, value] of Object.entries(attributes.location)) {
      if (value === undefined) continue;
      // The time zone has its own column: the engine schedules date triggers by it.
      if (key === "timezone") columns.timezone = value as string | null;
      else location[key] = value;
    }
  }
  const unset = profile.meta?.patch_properties?.unset ?? attributes.meta?.patch_properties?.unset;
  return {
    ...(profile.id ? { id: profile.id } : {}),
    ...(attributes.email !== undefined ? { email: attributes.email } : {}),
    ...(attributes.phone_number !== undefined ? { phoneNumber: attributes.phone_number } : {}),
    ...(attributes.external_id !== undefined ? { externalId: attributes.external_id } : {}),
    columns,
    clearLocation,
    location,
    properties: attributes.properties ?? {},
    unsetProperties: unset === undefined ? [] : Array.isArray(unset) ? unset : [unset],
  };
}

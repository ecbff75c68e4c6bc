import { z } from "zod";
import { isIanaTimezone, ZEmail, ZPhoneNumber } from "@/lib/audience/profile-input";

// The Profiles pages' input schemas, shared by the forms' server actions and the domain writers.
// Field names are the forms' input names, so a zod issue or a conflict lands next to its field.
// An identifier left empty clears it (null); an absent one is left as it is.

const optionalText = z
  .string()
  .trim()
  .max(1024, "At most 1,024 characters")
  .transform((value) => (value === "" ? null : value))
  .nullable()
  .optional();
const emptyToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const trimmed = (value: unknown) => (typeof value === "string" ? value.trim() : value);

const email = z.preprocess(emptyToNull, ZEmail.nullable().optional());
const phoneNumber = z.preprocess(emptyToNull, ZPhoneNumber.nullable().optional());
const externalId = z.preprocess(
  (value) => emptyToNull(trimmed(value)),
  z.string().max(512, "An external id has at most 512 characters").nullable().optional(),
);

export const NO_IDENTIFIER_MESSAGE = "A profile needs an email, a phone number or an external id";

export const ZCreateProfileInput = z
  .object({ email, phoneNumber, externalId, firstName: optionalText, lastName: optionalText })
  .refine((input) => input.email || input.phoneNumber || input.externalId, {
    message: NO_IDENTIFIER_MESSAGE,
    path: ["email"],
  });

const ZPropertyValue = z.union([
  z.string().max(10_000),
  z.number().finite(),
  z.boolean(),
  z.array(z.union([z.string().max(1024), z.number().finite(), z.boolean()])).max(1000),
]);

export const ZUpdateProfileInput = z.object({
  profileId: z.uuid("Unknown profile"),
  email,
  phoneNumber,
  externalId,
  firstName: optionalText,
  lastName: optionalText,
  timezone: z
    .string()
    .trim()
    .transform((value) => (value === "" ? null : value))
    .refine((value) => value === null || isIanaTimezone(value), "Not an IANA time zone, e.g. Europe/Berlin")
    .nullable()
    .optional(),
  /** Properties to set (merged into the stored ones). */
  properties: z
    .record(z.string().trim().min(1, "A property needs a name").max(255), ZPropertyValue)
    .default({}),
  /** Property names to remove. */
  unsetProperties: z.array(z.string().min(1)).max(1000).default([]),
});

/** The form field each identifier column is edited in (where its conflict is shown). */
export const IDENTIFIER_FIELDS = {
  email: { field: "email", label: "email address" },
  phone_number: { field: "phoneNumber", label: "phone number" },
  external_id: { field: "externalId", label: "external id" },
} as const;

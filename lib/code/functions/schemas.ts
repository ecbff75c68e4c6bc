import { z } from "zod";
import { ZCodeFunctionSettings } from "@/lib/code/functions/settings-schema";
import { CODE_TEMPLATES } from "@/lib/code/functions/templates";

// Inputs of the Code page's server actions, shared with its forms. Browser-safe.

export const CODE_LANGUAGES = ["javascript", "python"] as const;
/** Source size a function may have (the editor is for functions, not bundles). */
export const MAX_SOURCE_BYTES = 256 * 1024;
/** Environment variables: names as shell variables, values up to 64 KiB in total per function. */
export const MAX_SECRETS_BYTES = 64 * 1024;
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const ZFunctionRef = z.object({ functionId: z.uuid("Unknown code function") });

export const ZFunctionName = z
  .string()
  .trim()
  .min(1, "Give the function a name")
  .max(120, "A name has at most 120 characters");

export const ZCreateCodeFunction = z.object({
  name: ZFunctionName,
  language: z.enum(CODE_LANGUAGES, { error: "Choose JavaScript or Python" }),
  template: z.enum(CODE_TEMPLATES).default("blank"),
});

export const ZRenameCodeFunction = ZFunctionRef.extend({ name: ZFunctionName });

export const ZSource = z
  .string()
  .refine((source) => Buffer.byteLength(source) <= MAX_SOURCE_BYTES, "The source is larger than 256 KiB");

export const ZSaveCodeDraft = ZFunctionRef.extend({
  source: ZSource,
  /** Optional: the Settings tab saves them with the draft (or alone through updateSettings). */
  settings: ZCodeFunctionSettings.optional(),
});

export const ZUpdateCodeSettings = ZFunctionRef.extend({ settings: ZCodeFunctionSettings });

export const ZRedeployCodeVersion = ZFunctionRef.extend({ versionId: z.uuid("Unknown version") });

export const ZSetCodeTopics = ZFunctionRef.extend({
  metricIds: z.array(z.uuid("Unknown metric")).max(100, "At most 100 topics"),
});

export const ZSecretName = z
  .string()
  .trim()
  .min(1, "Name the variable")
  .max(128, "A variable name has at most 128 characters")
  .regex(SECRET_NAME_PATTERN, "A variable name uses letters, digits and _, and does not start with a digit");

export const ZSetCodeSecret = ZFunctionRef.extend({
  name: ZSecretName,
  value: z.string().max(MAX_SECRETS_BYTES, "A value is at most 64 KiB"),
});

export const ZDeleteCodeSecret = ZFunctionRef.extend({ name: ZSecretName });

export const TEST_RUN_MODES = ["dry-run", "apply"] as const;

/** What a test run runs on: a stored event, a profile (flow-only functions), or a sample JSON. */
export const ZTestRunInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("event"), eventId: z.uuid("Choose an event") }),
  z.object({ kind: z.literal("profile"), profileId: z.uuid("Choose a profile") }),
  z.object({
    kind: z.literal("sample"),
    /** The event as the function receives it: { metric, properties, time?, value?, uniqueId? } or null. */
    event: z.unknown(),
    /** Whose profile the sample runs with (optional: without one, the SDK's profile calls fail). */
    profileId: z.uuid("Choose a profile").nullable().optional(),
  }),
]);
export type TTestRunInput = z.infer<typeof ZTestRunInput>;

export const ZTestRunCodeFunction = ZFunctionRef.extend({
  /** The editor's unsaved source; absent = the saved draft. */
  source: ZSource.optional(),
  input: ZTestRunInput,
  mode: z.enum(TEST_RUN_MODES).default("dry-run"),
});

export const ZInvocationRef = z.object({ invocationId: z.uuid("Unknown invocation") });

export const ZListInvocations = ZFunctionRef.extend({
  cursor: z.string().max(200).nullable().optional(),
  pageSize: z.number().int().min(1).max(100).default(50),
});

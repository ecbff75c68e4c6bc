import { attachLookupResolver, readOwn } from "@/lib/templating/lookup-value";

/** The profile a template sees; callers map their rows to this (no dependency on the DB layer). */
export type TTemplateProfile = {
  id?: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  organization: string | null;
  title: string | null;
  locale: string | null;
  timezone: string | null;
  /** Klaviyo's location object: address1, address2, city, region, zip, country, latitude, longitude. */
  location: Record<string, unknown>;
  properties: Record<string, unknown>;
};

export type TTemplateEvent = {
  metricName: string;
  properties: Record<string, unknown>;
  time: Date;
  uniqueId: string;
  value: number | null;
};

export type TBuildTemplateScopeOptions = {
  profile: TTemplateProfile;
  /** The triggering event, only for metric-triggered runs. */
  event?: TTemplateEvent | null;
  /** Outputs of earlier steps: `outputs.<nodeId>.<name>`. */
  outputs?: Record<string, Record<string, unknown>>;
  /** Decrypted workspace secrets; pass them only when rendering for the real send. */
  secrets?: Record<string, string>;
};

type TData = Record<string, unknown>;

export type TTemplateScope = {
  person: TData;
  event: TData | null;
  outputs: Record<string, TData>;
  secrets: Record<string, string>;
};

/** Null-prototype copy: a key such as `__proto__` in user data stays plain data. */
function dataObject(...sources: TData[]): TData {
  const target: TData = Object.create(null);
  for (const source of sources) for (const [key, value] of Object.entries(source)) target[key] = value;
  return target;
}

// Klaviyo's special property names (`$first_name`, `$city`…) are our standard fields without `$`.
const PERSON_ALIASES = new Map([["$id", "external_id"]]);
const EVENT_ALIASES = new Map([["$event_id", "unique_id"]]);

function standardKey(key: string, aliases: Map<string, string>): string {
  return aliases.get(key) ?? (key.startsWith("$") ? key.slice(1) : key);
}

function buildPerson(profile: TTemplateProfile): TData {
  const properties = dataObject(profile.properties);
  const location = dataObject(profile.location);
  const standard = dataObject(location, {
    ...(profile.id === undefined ? {} : { id: profile.id }),
    email: profile.email,
    phone_number: profile.phoneNumber,
    external_id: profile.externalId,
    first_name: profile.firstName,
    last_name: profile.lastName,
    organization: profile.organization,
    title: profile.title,
    locale: profile.locale,
    timezone: profile.timezone,
    location,
    properties,
  });
  // Dotted access: standard fields win, so a custom property named "email" cannot mask the email.
  const person = dataObject(properties, standard);
  // `person|lookup:'X'`: custom properties first (Klaviyo's order), then standard fields.
  return attachLookupResolver(
    person,
    (key) => readOwn(properties, key) ?? readOwn(standard, standardKey(key, PERSON_ALIASES)),
  );
}

function buildEvent(event: TTemplateEvent): TData {
  const properties = dataObject(event.properties);
  const standard = dataObject({
    metric_name: event.metricName,
    metric: event.metricName,
    time: event.time.toISOString(),
    unique_id: event.uniqueId,
    value: event.value,
    properties,
  });
  return attachLookupResolver(
    dataObject(properties, standard),
    (key) => readOwn(properties, key) ?? readOwn(standard, standardKey(key, EVENT_ALIASES)),
  );
}

/**
 * The render scope of webhook templates: `person`, `event` (null unless metric-triggered),
 * `outputs` and `secrets`. Custom properties are reachable three ways: `person.properties.X`,
 * `person.X` (unless a standard field has that name) and `person|lookup:'X'` (any name, spaces too).
 */
export function buildTemplateScope(options: TBuildTemplateScopeOptions): TTemplateScope {
  const outputs: Record<string, TData> = Object.create(null);
  for (const [nodeId, values] of Object.entries(options.outputs ?? {})) outputs[nodeId] = dataObject(values);
  const secrets: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(options.secrets ?? {})) secrets[name] = value;
  const scope: TTemplateScope = Object.create(null);
  scope.person = buildPerson(options.profile);
  scope.event = options.event ? buildEvent(options.event) : null;
  scope.outputs = outputs;
  scope.secrets = secrets;
  return scope;
}

import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";

// Test support: the published JSON Schema (docs/webhooks/event-webhook-payload.v1.schema.json)
// compiled with ajv (draft 2020-12; ajv is in node_modules through prisma's dependencies).
// `strict` is the same schema with every documented object closed (additionalProperties: false),
// except the customer's own objects (properties, location): a field the code emits but the
// schema does not document fails it.

export const SCHEMA_PATH = path.resolve(
  import.meta.dirname,
  "../../../docs/webhooks/event-webhook-payload.v1.schema.json",
);

type TSchemaNode = { [key: string]: unknown };

export function loadPayloadSchema(): TSchemaNode {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as TSchemaNode;
}

function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== "object") return node;
  const copy: TSchemaNode = {};
  for (const [key, value] of Object.entries(node)) copy[key] = closeObjects(value);
  if (copy.type === "object" && copy.properties !== undefined) copy.additionalProperties = false;
  return copy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function compile(schema: TSchemaNode) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addFormat("uuid", UUID);
  ajv.addFormat("date-time", {
    validate: (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
  });
  return ajv.compile(schema);
}

export function payloadValidators() {
  const schema = loadPayloadSchema();
  const open = compile(schema);
  const strict = compile({
    ...(closeObjects(schema) as TSchemaNode),
    $id: String(schema.$id).replace(".schema.json", ".strict.schema.json"),
  });
  /** Errors of `document` against the schema (open and strict), or [] when it conforms. */
  return (document: unknown): string[] => {
    const errors: string[] = [];
    if (!open(document))
      errors.push(...(open.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
    if (!strict(document)) {
      errors.push(
        ...(strict.errors ?? []).map(
          (error) => `strict: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`,
        ),
      );
    }
    return errors;
  };
}

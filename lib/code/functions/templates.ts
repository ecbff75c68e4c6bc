import type { TCodeLanguage } from "@/lib/code/runtime/types";

// Starting points offered by "New function". The locale write-back is the seed's worked example:
// Shopify Markets puts `customer_locale` on every Placed Order; the function saves it on the
// profile (the standard `locale` field), where segments ("locale starts with de") and flow
// filters can use it. Browser-safe.

export const CODE_TEMPLATES = ["blank", "locale-write-back"] as const;
export type TCodeTemplate = (typeof CODE_TEMPLATES)[number];

export const CODE_TEMPLATE_LABELS: Record<TCodeTemplate, string> = {
  blank: "Blank function",
  "locale-write-back": "Save the order's locale on the profile (Placed Order)",
};

/** The metric a template is meant to be subscribed to, if any. */
export const CODE_TEMPLATE_TOPICS: Record<TCodeTemplate, readonly string[]> = {
  blank: [],
  "locale-write-back": ["Placed Order"],
};

const SOURCES: Record<TCodeTemplate, Record<TCodeLanguage, string>> = {
  blank: {
    javascript: `// Runs for each event of the metrics this function subscribes to, or when a flow reaches
// a code node that uses it (then \`event\` is the run's event, or null).
export default async function (event, profile, context) {
  console.log("Hello from", context.functionId);
  return {};
}
`,
    python: `# Runs for each event of the metrics this function subscribes to, or when a flow reaches
# a code node that uses it (then \`event\` is the run's event, or None).
def handler(event, profile, context):
    print("Hello from", context.function_id)
    return {}
`,
  },
  "locale-write-back": {
    javascript: `import { updateProfile } from "hookflow";

// Placed Order (Shopify Markets) carries customer_locale, e.g. "de-DE": keep it on the profile.
export default async function (event, profile, context) {
  const locale = event?.properties?.customer_locale;
  if (!locale) {
    console.log("No customer_locale on this event");
    return { locale: null };
  }
  await updateProfile({ locale });
  console.log(\`Saved locale \${locale} on profile \${profile.id}\`);
  return { locale };
}
`,
    python: `from hookflow import update_profile

# Placed Order (Shopify Markets) carries customer_locale, e.g. "de-DE": keep it on the profile.
async def handler(event, profile, context):
    locale = (event or {}).get("properties", {}).get("customer_locale")
    if not locale:
        print("No customer_locale on this event")
        return {"locale": None}
    await update_profile({"locale": locale})
    print(f"Saved locale {locale} on profile {profile['id']}")
    return {"locale": locale}
`,
  },
};

export function templateSource(template: TCodeTemplate, language: TCodeLanguage): string {
  return SOURCES[template][language];
}

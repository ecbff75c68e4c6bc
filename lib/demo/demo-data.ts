// Deterministic fake audience data for the demo workspace and the benchmark seed. A seeded PRNG
// keeps runs reproducible, so a benchmark on "1M profiles" means the same data each time.

const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chloé",
  "Dmitri",
  "Elena",
  "Farah",
  "Gustav",
  "Hana",
  "Ivan",
  "Jonas",
  "Kaito",
  "Lena",
  "Mateo",
  "Nora",
  "Omar",
  "Priya",
  "Quentin",
  "Rosa",
  "Sven",
  "Tomás",
  "Uma",
  "Viktor",
  "Wen",
  "Ximena",
  "Yusuf",
  "Zoe",
];
const LAST_NAMES = [
  "Andersen",
  "Becker",
  "Costa",
  "Dubois",
  "Eriksson",
  "Fischer",
  "García",
  "Hoffmann",
  "Ivanova",
  "Jensen",
  "Kowalski",
  "Lefebvre",
  "Müller",
  "Nakamura",
  "Okafor",
  "Petrov",
  "Quinn",
  "Rossi",
  "Schmidt",
  "Tanaka",
  "Urban",
  "Vogel",
  "Weber",
  "Xu",
  "Yilmaz",
  "Zimmermann",
];
const PLACES = [
  {
    city: "Berlin",
    region: "Berlin",
    country: "Germany",
    zip: "10115",
    timezone: "Europe/Berlin",
    locale: "de-DE",
  },
  {
    city: "Munich",
    region: "Bavaria",
    country: "Germany",
    zip: "80331",
    timezone: "Europe/Berlin",
    locale: "de-DE",
  },
  {
    city: "Vienna",
    region: "Vienna",
    country: "Austria",
    zip: "1010",
    timezone: "Europe/Vienna",
    locale: "de-AT",
  },
  {
    city: "Paris",
    region: "Île-de-France",
    country: "France",
    zip: "75001",
    timezone: "Europe/Paris",
    locale: "fr-FR",
  },
  {
    city: "London",
    region: "England",
    country: "United Kingdom",
    zip: "SW1A 1AA",
    timezone: "Europe/London",
    locale: "en-GB",
  },
  {
    city: "New York",
    region: "NY",
    country: "United States",
    zip: "10001",
    timezone: "America/New_York",
    locale: "en-US",
  },
  {
    city: "Austin",
    region: "TX",
    country: "United States",
    zip: "73301",
    timezone: "America/Chicago",
    locale: "en-US",
  },
  {
    city: "San Francisco",
    region: "CA",
    country: "United States",
    zip: "94103",
    timezone: "America/Los_Angeles",
    locale: "en-US",
  },
  {
    city: "Tokyo",
    region: "Tokyo",
    country: "Japan",
    zip: "100-0001",
    timezone: "Asia/Tokyo",
    locale: "ja-JP",
  },
  {
    city: "São Paulo",
    region: "SP",
    country: "Brazil",
    zip: "01000-000",
    timezone: "America/Sao_Paulo",
    locale: "pt-BR",
  },
  {
    city: "Sydney",
    region: "NSW",
    country: "Australia",
    zip: "2000",
    timezone: "Australia/Sydney",
    locale: "en-AU",
  },
];
const STREETS = [
  "Main Street",
  "Oak Avenue",
  "Lindenstraße",
  "Rue de Rivoli",
  "High Street",
  "Market Lane",
  "Harbour Road",
];
const PRODUCTS = [
  { name: "Linen Shirt", price: 59 },
  { name: "Wool Scarf", price: 35 },
  { name: "Leather Boots", price: 189 },
  { name: "Canvas Tote", price: 25 },
  { name: "Rain Jacket", price: 149 },
  { name: "Cashmere Beanie", price: 79 },
];

export type TDemoProfile = {
  email: string;
  firstName: string;
  lastName: string;
  phoneNumber: string;
  externalId: string;
  timezone: string;
  location: Record<string, string>;
  properties: Record<string, unknown>;
};

export type TDemoEvent = {
  metric: string;
  properties: Record<string, unknown>;
  value: number | null;
  time: Date;
};

/** mulberry32: tiny, fast, good enough for fake data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function demoProfile(index: number, random: () => number): TDemoProfile {
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const place = pick(random, PLACES);
  const year = 1950 + Math.floor(random() * 55);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const birthday = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const local = `${firstName}.${lastName}`
    .normalize("NFD")
    .replace(/[^A-Za-z.]/g, "")
    .toLowerCase();
  const properties: Record<string, unknown> = {
    birthday,
    loyalty_tier: pick(random, ["bronze", "silver", "gold"]),
  };
  // Not everyone has shopped through Shopify Markets yet: the locale write-back story needs both.
  if (random() < 0.4) properties.customer_locale = place.locale;
  return {
    email: `${local}.${index}@example.com`,
    firstName,
    lastName,
    phoneNumber: `+1555${String(index).padStart(7, "0")}`,
    externalId: `cust_${index}`,
    timezone: place.timezone,
    location: {
      address1: `${1 + Math.floor(random() * 200)} ${pick(random, STREETS)}`,
      city: place.city,
      region: place.region,
      zip: place.zip,
      country: place.country,
      timezone: place.timezone,
    },
    properties,
  };
}

/** A profile's activity over the last `days` days: orders, and the emails that preceded them. */
export function demoEvents(
  profile: TDemoProfile,
  count: number,
  random: () => number,
  now: Date,
  days = 90,
): TDemoEvent[] {
  const events: TDemoEvent[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(now.getTime() - random() * days * 24 * 3600 * 1000);
    const roll = random();
    if (roll < 0.3) {
      const product = pick(random, PRODUCTS);
      const quantity = 1 + Math.floor(random() * 3);
      events.push({
        metric: "Placed Order",
        value: product.price * quantity,
        time,
        properties: {
          OrderId: `ord_${Math.floor(random() * 1e9)}`,
          Items: [{ ProductName: product.name, Quantity: quantity, ItemPrice: product.price }],
          customer_locale: (profile.properties.customer_locale as string | undefined) ?? "en-US",
          $value: product.price * quantity,
        },
      });
    } else if (roll < 0.45) {
      events.push({
        metric: "Viewed Product",
        value: null,
        time,
        properties: { ProductName: pick(random, PRODUCTS).name },
      });
    } else {
      const campaign = pick(random, ["Spring Sale", "New Arrivals", "Weekly Digest", "Back in Stock"]);
      const metric =
        roll < 0.7
          ? "Received Email"
          : roll < 0.88
            ? "Opened Email"
            : roll < 0.98
              ? "Clicked Email"
              : "Unsubscribed";
      events.push({
        metric,
        value: null,
        time,
        properties: { "Campaign Name": campaign, Subject: `${campaign} at Hookflow Shop` },
      });
    }
  }
  return events;
}

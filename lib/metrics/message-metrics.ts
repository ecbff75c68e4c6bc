// Klaviyo's message metrics: flows can never be triggered by them (the seed's rule); event
// webhooks can subscribe to all of them; code functions to all but Opened and Received Email.
export const MESSAGE_METRICS = [
  "Received Email",
  "Opened Email",
  "Clicked Email",
  "Bounced Email",
  "Marked Email as Spam",
  "Unsubscribed",
  "Received SMS",
  "Clicked SMS",
  "Unsubscribed from SMS",
  "Received Push",
  "Opened Push",
] as const;

export const CODE_FORBIDDEN_METRICS: readonly string[] = ["Opened Email", "Received Email"];

const MESSAGE_METRIC_SET = new Set<string>(MESSAGE_METRICS);

export function isMessageMetricName(name: string): boolean {
  return MESSAGE_METRIC_SET.has(name);
}

import { expect } from "vitest";

export type TErrorObject = {
  id: string;
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
};

/** The errors of a JSON:API error document, checked for the shape Klaviyo clients expect. */
export async function errorsOf(response: Response): Promise<TErrorObject[]> {
  expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
  const document = (await response.json()) as { errors: TErrorObject[] };
  expect(document.errors.length).toBeGreaterThan(0);
  for (const error of document.errors) {
    expect(error.status).toBe(String(response.status));
    expect(error.id).toEqual(expect.any(String));
    expect(error.title).toEqual(expect.any(String));
    expect(error.detail).toEqual(expect.any(String));
  }
  return document.errors;
}

export async function documentOf<T = { data: unknown; links: { self: string; next?: string } }>(
  response: Response,
): Promise<T> {
  expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
  return (await response.json()) as T;
}

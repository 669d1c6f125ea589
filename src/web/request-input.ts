import type { Context } from "hono";

/**
 * The request's form fields, or undefined when its body cannot be read as the form it
 * says it is (Bun's parser throws on a malformed multipart body).
 */
export async function formOf(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    return await c.req.parseBody();
  } catch {
    return undefined;
  }
}

/** A form field's text; undefined when it is missing or a file upload. */
export function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

/** A non-negative event id from a header or query, or undefined. */
export function cursor(raw: string | undefined): number | undefined {
  // Ids from a shared backend are large (they start at the epoch's time in µs), but safe integers.
  if (!raw || !/^\d{1,16}$/.test(raw.trim())) return undefined;
  const id = Number(raw.trim());
  return Number.isSafeInteger(id) ? id : undefined;
}

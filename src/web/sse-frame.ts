const encoder = new TextEncoder();

/** The fields an SSE message may carry besides its data. */
export interface SseFields {
  id?: number;
  event?: string;
}

/**
 * Encodes one SSE message. Multi-line data becomes several `data:` lines (the client
 * joins them with "\n"). Without `id` the browser's last event id stays as it was.
 */
export function sseFrame(data: string, fields: SseFields = {}): Uint8Array {
  return encoder.encode(fieldLines(fields) + dataLines(data) + "\n");
}

function fieldLines(fields: SseFields): string {
  let text = fields.event ? `event: ${fields.event}\n` : "";
  if (fields.id !== undefined) text += `id: ${fields.id}\n`;
  return text;
}

function dataLines(data: string): string {
  let text = "";
  for (const line of data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return text;
}

/**
 * One SSE message in parts, to be sent one after the other: the first holds the fields,
 * each holds one or more `data:` lines, the last ends the message. The client joins the
 * lines with "\n", which between partials is only whitespace. So a big part many pages
 * need (a room's member list) is rendered and encoded once, not once per page.
 */
export type FrameParts = readonly Uint8Array[];

/** The blank line that ends a message sent in parts. */
export const END_OF_MESSAGE = encoder.encode("\n");

/** `data` as the encoded `data:` lines of one part (see `FrameParts`), to be kept and sent many times. */
export function dataPart(data: string): Uint8Array {
  return encoder.encode(dataLines(data));
}

/** A message made of `parts` (each from `dataPart`): its fields first, its end last. */
export function messageInParts(parts: readonly Uint8Array[], fields: { id?: number } = {}): FrameParts {
  const head = fieldLines(fields);
  return [...(head ? [encoder.encode(head)] : []), ...parts, END_OF_MESSAGE];
}

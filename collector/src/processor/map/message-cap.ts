/**
 * The longest error message a record keeps: 16 KiB (16,384 UTF-16 code units). A span's message
 * has no length limit of its own (OTLP only bounds the request), and every stage after the mapping
 * (redaction, the store, the classifier, the dashboard) would otherwise pay for all of it. A longer
 * message keeps its first MAX_MESSAGE_CHARS - TRUNCATION_MARKER.length characters and ends with
 * TRUNCATION_MARKER, so the stored text is at most MAX_MESSAGE_CHARS long and says it was cut.
 */
export const MAX_MESSAGE_CHARS = 16 * 1024;
export const TRUNCATION_MARKER = ' …[truncated]';

export function capMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  let cut = MAX_MESSAGE_CHARS - TRUNCATION_MARKER.length;
  const last = message.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // never half of a surrogate pair
  return message.slice(0, cut) + TRUNCATION_MARKER;
}

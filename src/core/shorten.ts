// Shortening text for names and labels at a word boundary: "a-red-fox-running" cut to 12 is
// "a-red-fox", never "a-red-fox-ru".

/**
 * `text` if it fits `max` characters, else its longest start that ends at a separator (any of
 * `separators`), without trailing separators; a first word longer than `max` is cut as it is.
 */
export function cutAtWord(text: string, max: number, separators = ' '): string {
  if (text.length <= max) return text;
  const isSep = (ch: string | undefined) => ch !== undefined && separators.includes(ch);
  // The cut is at a boundary when the character after it is a separator.
  let end = max;
  while (end > 0 && !isSep(text[end])) end--;
  while (end > 0 && isSep(text[end - 1])) end--;
  return end > 0 ? text.slice(0, end) : text.slice(0, max);
}

/** A label: `text` whole, or cut at a word with an ellipsis, within `max` characters in all. */
export function shortLabel(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${cutAtWord(flat, max - 1, ' ,.;:!?').replace(/[\s,.;:!?-]+$/, '')}…`;
}

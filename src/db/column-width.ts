/**
 * Hanko's VARCHAR(255) columns hold 255 characters: PostgreSQL and MySQL (utf8mb4) count code points,
 * not bytes and not UTF-16 units, so a text of 255 emoji fits while a longer one is refused. SQLite's
 * TEXT has no width, but the same value is stored there so that every database keeps the same text.
 */
export const VARCHAR_WIDTH = 255;

/** The characters the databases count in `text`. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * `text` cut to the first `width` characters, for values a client sends that are stored merely to
 * describe the request (a User-Agent): a surrogate pair is never split, and a lone surrogate, which
 * no database stores as such, becomes U+FFFD here rather than in a driver.
 */
export function fitToColumn(text: string, width: number = VARCHAR_WIDTH): string {
  const wellFormed = text.toWellFormed();
  // UTF-16 length bounds the character count from above: most values need no walk.
  if (wellFormed.length <= width) return wellFormed;
  let fitted = "";
  let count = 0;
  for (const character of wellFormed) {
    if (count++ === width) break;
    fitted += character;
  }
  return fitted;
}

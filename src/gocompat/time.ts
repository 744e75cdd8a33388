/** A timestamp as Go's JSON encoder writes it: RFC 3339, UTC, fraction without trailing zeros. */
export function goTime(date: Date): string {
  return date.toISOString().replace(/\.?0+Z$/, "Z");
}

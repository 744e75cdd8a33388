/** Hanko's limit for each kind of metadata, in characters of compact JSON. */
export const METADATA_LIMIT = 3000;

/** RFC 7386 JSON merge patch: `null` removes a key, objects merge recursively, anything else replaces. */
export function applyMergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (typeof value === "object" && !Array.isArray(value)) {
      const base = result[key];
      const nested = base !== null && typeof base === "object" && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
      result[key] = applyMergePatch(nested, value as Record<string, unknown>);
    } else result[key] = value;
  }
  return result;
}

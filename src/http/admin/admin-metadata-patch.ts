import type { UserMetadata } from "../../store/user-metadata.ts";
import type { JsonNode } from "../../gocompat/echo/json.ts";

const KINDS = [
  ["public_metadata", "public"],
  ["private_metadata", "private"],
  ["unsafe_metadata", "unsafe"],
] as const;

/** Hanko refuses to store a kind whose JSON text is longer than this. */
const LIMIT = 3000;

/** The body of `PATCH /users/:id/metadata`: clear everything, or merge-patch the named kinds. */
export type MetadataPatch = { clear: true } | { clear: false; patch: Record<string, unknown> };

/**
 * Reads the body as Hanko's `PatchMetadataRequest.UnmarshalJSON` does: null or an object whose
 * metadata keys are objects or null; a key that is exactly `{}` is dropped; other keys are ignored.
 */
export function parseMetadataPatch(node: JsonNode, bytes: Uint8Array): { ok: true; patch: MetadataPatch } | { ok: false; error: string } {
  if (node.kind === "null") return { ok: true, patch: { clear: true } };
  if (node.kind !== "object") return { ok: false, error: "patch metadata must be null or object" };
  const patch: Record<string, unknown> = {};
  for (const [key] of KINDS) {
    // gjson, which Hanko reads the keys with, takes the first of duplicate keys.
    const value = node.entries.find((entry) => entry.key === key)?.value;
    if (value === undefined) continue;
    if (value.kind !== "null" && value.kind !== "object") return { ok: false, error: `${key} must be an object or null` };
    const raw = Buffer.from(bytes.subarray(value.start, value.end)).toString("utf8");
    if (raw !== "{}") patch[key] = JSON.parse(raw) as unknown;
  }
  return { ok: true, patch: { clear: false, patch } };
}

/** Applies the patch to the stored metadata (RFC 7386); the result's kinds are compact JSON text or null. */
export function applyMetadataPatch(current: UserMetadata, patch: MetadataPatch): UserMetadata {
  if (patch.clear) return { public: null, private: null, unsafe: null };
  const document: Record<string, unknown> = {};
  for (const [key, kind] of KINDS) {
    const text = current[kind];
    if (text !== null && text !== "{}") document[key] = JSON.parse(text) as unknown;
  }
  const merged = mergePatch(document, patch.patch) as Record<string, unknown>;
  const textOf = (key: string) => (key in merged ? JSON.stringify(merged[key]) : null);
  return { public: textOf("public_metadata"), private: textOf("private_metadata"), unsafe: textOf("unsafe_metadata") };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = target !== null && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The 400 message when a kind is over the limit, naming every such kind as Hanko's validation does. */
export function metadataLimitProblem(metadata: UserMetadata): string | undefined {
  const problems = KINDS.flatMap(([, kind]) => {
    const text = metadata[kind];
    return text !== null && [...text].length > LIMIT ? [`${kind} metadata must not exceed ${LIMIT} characters`] : [];
  });
  return problems.length === 0 ? undefined : `metadata limit exceeded: ${problems.join(", ")}`;
}

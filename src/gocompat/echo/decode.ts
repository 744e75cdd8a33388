import type { JsonNode } from "./json.ts";

/**
 * Decoding a JSON value into a Go struct, as `encoding/json` does it: a value of the wrong type is
 * remembered (the first one is reported once decoding is done, as Echo's "Unmarshal type error"),
 * while a failing custom decoder (UUID, time, Hanko's optional strings) stops decoding at once.
 */
export class Decoding {
  saved: string | undefined;

  typeMismatch(node: JsonNode, expected: string, field: readonly string[]): void {
    // Go reports objects and arrays at the byte after their opening bracket, other values at their end.
    const offset = node.kind === "object" || node.kind === "array" ? node.start + 1 : node.end;
    this.saved ??= `Unmarshal type error: expected=${expected}, got=${node.kind}, field=${field.join(".")}, offset=${offset}`;
  }
}

/** Thrown by a custom decoder; the message is what Echo's binder reports. */
export class DecodeAbort extends Error {}

/**
 * Calls `onField` for each member of `node` that names one of `fields` (exactly, or else ignoring
 * case, as Go matches keys); other values of `node` than objects are a type mismatch.
 */
export function decodeStruct(
  decoding: Decoding,
  node: JsonNode,
  typeName: string,
  path: readonly string[],
  fields: readonly string[],
  onField: (field: string, value: JsonNode) => void,
): void {
  if (node.kind === "null") return;
  if (node.kind !== "object") return decoding.typeMismatch(node, typeName, path);
  for (const { key, value } of node.entries) {
    const field = fields.find((f) => f === key) ?? fields.find((f) => f.toLowerCase() === key.toLowerCase());
    if (field !== undefined) onField(field, value);
  }
}

/** A `string` (or `*string`) field: undefined for null and for a mismatch. */
export function decodeString(decoding: Decoding, node: JsonNode, path: readonly string[]): string | undefined {
  if (node.kind === "string") return node.value;
  if (node.kind !== "null") decoding.typeMismatch(node, "string", path);
  return undefined;
}

export function decodeBool(decoding: Decoding, node: JsonNode, path: readonly string[]): boolean | undefined {
  if (node.kind === "bool") return node.value;
  if (node.kind !== "null") decoding.typeMismatch(node, "bool", path);
  return undefined;
}

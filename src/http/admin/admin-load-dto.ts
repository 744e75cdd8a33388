import { Decoding } from "../../gocompat/echo/decode.ts";
import type { JsonNode } from "../../gocompat/echo/json.ts";
import { readAdminBody } from "./read-admin-body.ts";

/**
 * Hanko's `loadDto` wraps every bind or validation failure in a second 400 whose message is the
 * inner Echo error as text: `code=<status>, message=<message>` plus `, internal=<cause>` when the
 * inner error carried one (every JSON decoding failure does).
 */
export function loadDtoMessage(status: number, message: string, internal?: string): string {
  return internal === undefined ? `code=${status}, message=${message}` : `code=${status}, message=${message}, internal=${internal}`;
}

const SYNTAX = /^Syntax error: offset=\d+, error=/;

export type LoadedBody = { ok: true; node: JsonNode | undefined; bytes: Uint8Array } | { ok: false; message: string };

/** Reads the body as Echo's binder does, failures already in `loadDto`'s wrapped form. */
export async function readDtoBody(request: Request): Promise<LoadedBody> {
  const body = await readAdminBody(request);
  if (body.ok) return body;
  // 415 carries no cause; a syntax error's cause is Go's error text, any other decoder failure is its own cause.
  if (body.status !== 400) return { ok: false, message: loadDtoMessage(body.status, body.message) };
  const internal = SYNTAX.test(body.message) ? body.message.replace(SYNTAX, "") : body.message;
  return { ok: false, message: loadDtoMessage(400, body.message, internal) };
}

export type FieldKind = "string" | "bool";
type FieldValue<K extends FieldKind> = K extends "string" ? string : boolean;

/**
 * Decodes the JSON fields of a request DTO whose fields are plain strings and bools: null leaves a
 * field at its zero value, and the first value of the wrong type is reported with Go's cause text.
 */
export function decodeDtoFields<S extends Record<string, FieldKind>>(
  node: JsonNode | undefined,
  goType: string,
  spec: S,
): { ok: true; value: { [K in keyof S]: FieldValue<S[K]> } } | { ok: false; message: string } {
  const value = Object.fromEntries(Object.entries(spec).map(([field, kind]) => [field, kind === "string" ? "" : false])) as {
    [K in keyof S]: FieldValue<S[K]>;
  };
  if (node === undefined || node.kind === "null") return { ok: true, value };
  const decoding = new Decoding();
  let internal: string | undefined;
  const mismatch = (at: JsonNode, expected: string, field: string | undefined) => {
    decoding.typeMismatch(at, expected, field === undefined ? [] : [field]);
    const structName = goType.slice(goType.lastIndexOf(".") + 1);
    internal ??=
      field === undefined
        ? `json: cannot unmarshal ${at.kind} into Go value of type ${expected}`
        : `json: cannot unmarshal ${at.kind} into Go struct field ${structName}.${field} of type ${expected}`;
  };
  if (node.kind !== "object") mismatch(node, goType, undefined);
  else {
    const fields = Object.keys(spec);
    for (const { key, value: member } of node.entries) {
      const field = fields.find((f) => f === key) ?? fields.find((f) => f.toLowerCase() === key.toLowerCase());
      if (field === undefined || member.kind === "null") continue;
      const kind = spec[field]!;
      if (kind === "string" && member.kind === "string") (value as Record<string, unknown>)[field] = member.value;
      else if (kind === "bool" && member.kind === "bool") (value as Record<string, unknown>)[field] = member.value;
      else mismatch(member, kind, field);
    }
  }
  if (decoding.saved !== undefined) return { ok: false, message: loadDtoMessage(400, decoding.saved, internal) };
  return { ok: true, value };
}

// The validator's `uuid` and `uuid4` patterns accept lower-case hex only.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A path parameter's validation message (`required,uuid` or `required,uuid4`), if it fails. Hanko's
 * request types give path fields no JSON name, so its validator names them by their Go field
 * (`UserID`, `UserId`, `EmailId`, `ID`), which differs from route to route.
 */
export function uuidProblem(value: string, goField: string, check: "uuid" | "uuid4"): string | undefined {
  if (value === "") return `${goField} is a required field`;
  return (check === "uuid" ? UUID : UUID4).test(value) ? undefined : `${goField} must be a valid ${check}`;
}

/** The validator's failures, joined as Hanko's validator joins them, in `loadDto`'s wrapped form. */
export function validationMessage(problems: (string | undefined)[]): string | undefined {
  const found = problems.filter((p): p is string => p !== undefined);
  return found.length === 0 ? undefined : loadDtoMessage(400, found.join(" and "));
}

import { DecodeAbort, Decoding, decodeStruct } from "../../gocompat/echo/decode.ts";
import type { JsonNode } from "../../gocompat/echo/json.ts";
import { columnWidthProblem } from "./column-limit.ts";
import { isValidPictureUrl } from "./picture-url.ts";

const PATCHABLE_FIELDS = ["username", "name", "given_name", "family_name", "picture"] as const;
type PatchableField = (typeof PATCHABLE_FIELDS)[number];

/** Per field: absent (unchanged), null (clear) or a trimmed, non-empty string (set). */
export type PatchUserRequest = Partial<Record<PatchableField, string | null>>;

// Go's unicode.IsSpace, which unlike JavaScript's trim() leaves U+FEFF alone.
const GO_SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const SURROUNDING_SPACE = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, "g");

/**
 * `PATCH /users/:id`: decodes the body (each field a string or null, anything else refused) and
 * checks it in Hanko's order, answering the first failure's 400 message. Checks that need the
 * database (the username rules and uniqueness) come later, once the user is known to exist.
 */
export function parsePatchUser(node: JsonNode | undefined): { ok: true; value: PatchUserRequest } | { ok: false; message: string } {
  const decoding = new Decoding();
  const request: PatchUserRequest = {};
  try {
    if (node) {
      decodeStruct(decoding, node, "handler.PatchUserAdminRequest", [], PATCHABLE_FIELDS, (field, value) => {
        if (value.kind === "null") request[field as PatchableField] = null;
        else if (value.kind === "string") request[field as PatchableField] = value.value;
        else throw new DecodeAbort(`expected string or null: json: cannot unmarshal ${value.kind} into Go value of type string`);
      });
    }
  } catch (error) {
    if (error instanceof DecodeAbort) return { ok: false, message: error.message };
    throw error;
  }
  if (decoding.saved !== undefined) return { ok: false, message: decoding.saved };

  for (const field of PATCHABLE_FIELDS) {
    const value = request[field];
    if (value === undefined || value === null) continue;
    const trimmed = value.replace(SURROUNDING_SPACE, "");
    if (trimmed === "") return { ok: false, message: `${field} must be a non-empty string or null` };
    const tooLong = field === "picture" ? undefined : columnWidthProblem(field, trimmed);
    if (tooLong !== undefined) return { ok: false, message: tooLong };
    request[field] = trimmed;
  }
  if (typeof request.picture === "string" && !isValidPictureUrl(request.picture)) {
    return { ok: false, message: "picture must be a valid http(s) URL or null" };
  }
  return { ok: true, value: request };
}

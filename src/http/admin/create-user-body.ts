import { columnWidthProblem } from "./column-limit.ts";
import { isValidEmailAddress } from "../../gocompat/echo/email-syntax.ts";
import { DecodeAbort, Decoding, decodeBool, decodeString, decodeStruct } from "../../gocompat/echo/decode.ts";
import type { JsonNode } from "../../gocompat/echo/json.ts";
import { parseGoRfc3339 } from "../../gocompat/echo/rfc3339.ts";
import { parseGoUuid } from "../../gocompat/echo/uuid.ts";
import { checkUsername, type UsernameLengths } from "../../users/username-rule.ts";

export interface CreateUserRequest {
  /** absent or the nil UUID: a new one is made */
  id: string | undefined;
  /** absent or Go's zero time: now */
  createdAt: Date | undefined;
  emails: { address: string; isPrimary: boolean; isVerified: boolean }[];
  /** null in JSON and absent are the same; trimmed and lower-cased */
  username: string | undefined;
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";
/** Go's zero `time.Time`, 0001-01-01T00:00:00Z, which the database layer replaces with the current time. */
const GO_ZERO_TIME_MS = -62135596800000;

/**
 * `POST /users`: decodes and validates the body in Hanko's order (binding, field validation, then
 * the rules across fields), answering the first failure's 400 message. Unlike Hanko, which stores
 * the username as given, it holds the username to the rules sign-in has (`checkUsername`).
 */
export function parseCreateUser(
  node: JsonNode | undefined,
  bytes: Uint8Array,
  usernameLengths: UsernameLengths,
): { ok: true; value: CreateUserRequest } | { ok: false; message: string } {
  const decoding = new Decoding();
  const request: CreateUserRequest = { id: undefined, createdAt: undefined, emails: [], username: undefined };
  try {
    if (node) decodeCreateUser(decoding, node, bytes, request);
  } catch (error) {
    if (error instanceof DecodeAbort) return { ok: false, message: error.message };
    throw error;
  }
  if (decoding.saved !== undefined) return { ok: false, message: decoding.saved };

  const invalid = validationErrors(request.emails);
  if (invalid.length > 0) return { ok: false, message: invalid.join(" and ") };
  if (request.emails.length === 0 && !request.username) return { ok: false, message: "at least one of [Emails, Username] must be set" };
  const tooLong = widthProblem(request);
  if (tooLong !== undefined) return { ok: false, message: tooLong };
  if (request.username !== undefined) {
    const username = checkUsername(request.username, usernameLengths);
    if (!username.ok) return { ok: false, message: username.problem };
    request.username = username.username;
  }
  const primaries = request.emails.filter((e) => e.isPrimary).length;
  if (primaries === 0 && request.emails.length > 0) return { ok: false, message: "at least one primary email must be provided" };
  if (primaries > 1) return { ok: false, message: "only one primary email is allowed" };
  return { ok: true, value: request };
}

function decodeCreateUser(decoding: Decoding, node: JsonNode, bytes: Uint8Array, request: CreateUserRequest): void {
  decodeStruct(decoding, node, "admin.CreateUser", [], ["id", "emails", "username", "created_at"], (field, value) => {
    const path = [field];
    switch (field) {
      case "id":
        if (value.kind === "string") {
          const parsed = parseGoUuid(value.value);
          if (!parsed.ok) throw new DecodeAbort(parsed.error);
          request.id = parsed.uuid === NIL_UUID ? undefined : parsed.uuid;
        } else if (value.kind !== "null") decoding.typeMismatch(value, "uuid.UUID", path);
        break;
      case "created_at": {
        if (value.kind === "null") break;
        if (value.kind !== "string") throw new DecodeAbort("Time.UnmarshalJSON: input is not a JSON string");
        // Go parses the quoted text as it stands, escapes and all.
        const parsed = parseGoRfc3339(Buffer.from(bytes.subarray(value.start + 1, value.end - 1)).toString("utf8"));
        if (!parsed.ok) throw new DecodeAbort(parsed.error);
        request.createdAt = parsed.date.getTime() === GO_ZERO_TIME_MS ? undefined : parsed.date;
        break;
      }
      case "emails":
        if (value.kind === "null") request.emails = [];
        else if (value.kind !== "array") decoding.typeMismatch(value, "[]admin.CreateEmail", path);
        else request.emails = value.items.map((item) => decodeEmail(decoding, item, path));
        break;
      case "username":
        request.username = value.kind === "null" ? undefined : decodeString(decoding, value, path);
        break;
    }
  });
}

function decodeEmail(decoding: Decoding, node: JsonNode, path: string[]): CreateUserRequest["emails"][number] {
  const email = { address: "", isPrimary: false, isVerified: false };
  decodeStruct(decoding, node, "admin.CreateEmail", path, ["address", "is_primary", "is_verified"], (field, value) => {
    const at = [...path, field];
    if (field === "address") email.address = decodeString(decoding, value, at) ?? email.address;
    else if (field === "is_primary") email.isPrimary = decodeBool(decoding, value, at) ?? email.isPrimary;
    else email.isVerified = decodeBool(decoding, value, at) ?? email.isVerified;
  });
  return email;
}

/** The validator's tags: `emails` unique by address (exact, before lower-casing), else each address required and an email. */
function validationErrors(emails: CreateUserRequest["emails"]): string[] {
  if (new Set(emails.map((e) => e.address)).size < emails.length) return ["emails entries are not unique"];
  return emails.flatMap((email) => {
    if (email.address === "") return ["address is a required field"];
    if (!isValidEmailAddress(email.address)) return ["address must be a valid email address"];
    return [];
  });
}

/** Beyond Hanko's validator: what the columns cannot hold is refused before the database would. */
function widthProblem(request: CreateUserRequest): string | undefined {
  for (const { address } of request.emails) {
    const problem = columnWidthProblem("address", address);
    if (problem !== undefined) return problem;
  }
  return request.username === undefined ? undefined : columnWidthProblem("username", request.username);
}

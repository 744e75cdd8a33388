import { isIP } from "node:net";
import { Decoding, decodeString, decodeStruct } from "../../gocompat/echo/decode.ts";
import type { JsonNode } from "../../gocompat/echo/json.ts";
import { uuidProblem } from "./admin-load-dto.ts";

export interface CreateSessionRequest {
  userId: string;
  userAgent: string;
  ipAddress: string;
}

const FIELDS = ["user_id", "user_agent", "ip_address"] as const;

/** `POST /sessions`: decodes `admin.CreateSessionTokenDto` and validates it, answering Echo's or the validator's 400 message. */
export function parseCreateSession(node: JsonNode | undefined): { ok: true; value: CreateSessionRequest } | { ok: false; message: string } {
  const decoding = new Decoding();
  const value: Record<(typeof FIELDS)[number], string> = { user_id: "", user_agent: "", ip_address: "" };
  if (node) {
    decodeStruct(decoding, node, "admin.CreateSessionTokenDto", [], FIELDS, (field, member) => {
      const text = decodeString(decoding, member, [field]);
      if (text !== undefined) value[field as (typeof FIELDS)[number]] = text;
    });
  }
  if (decoding.saved !== undefined) return { ok: false, message: decoding.saved };

  const failures: string[] = [];
  const userIdProblem = uuidProblem(value.user_id, "user_id", "uuid");
  if (userIdProblem !== undefined) failures.push(userIdProblem);
  // Go's net.ParseIP knows no IPv6 zones.
  if (value.ip_address !== "" && (isIP(value.ip_address) === 0 || value.ip_address.includes("%"))) {
    failures.push("ip_address must be a valid ip address (v4 or v6)");
  }
  if (failures.length > 0) return { ok: false, message: failures.join(" and ") };
  return { ok: true, value: { userId: value.user_id, userAgent: value.user_agent, ipAddress: value.ip_address } };
}

import { WEBHOOK_EVENTS } from "../../config/schema.ts";
import { loadDtoMessage } from "./admin-load-dto.ts";
import { Decoding } from "../../gocompat/echo/decode.ts";
import type { JsonNode } from "../../gocompat/echo/json.ts";

/** A webhook request body as Go decodes it: a missing or null `events` stays nil, unlike an empty list. */
export interface WebhookBody {
  callback: string;
  events: string[] | undefined;
  enabled: boolean;
}

type Decoded = { ok: true; value: WebhookBody } | { ok: false; message: string };

const FIELDS = ["callback", "events", "enabled"] as const;
const KNOWN_EVENTS = new Set<string>(WEBHOOK_EVENTS);

/**
 * Decodes `CreateWebhookRequestDto` or `UpdateWebhookRequestDto` (named by `goType`); a value of the
 * wrong type fails as the webhook handlers report it, wrapped with Go's cause like `loadDto` does.
 */
export function decodeWebhookBody(node: JsonNode | undefined, goType: string, withEnabled: boolean): Decoded {
  const value: WebhookBody = { callback: "", events: undefined, enabled: false };
  if (node === undefined || node.kind === "null") return { ok: true, value };
  const decoding = new Decoding();
  let internal: string | undefined;
  const mismatch = (at: JsonNode, expected: string, field: string | undefined) => {
    decoding.typeMismatch(at, expected, field === undefined ? [] : [field]);
    internal ??=
      field === undefined
        ? `json: cannot unmarshal ${at.kind} into Go value of type admin.${goType}`
        : `json: cannot unmarshal ${at.kind} into Go struct field ${goType}.${field} of type ${expected}`;
  };
  if (node.kind !== "object") mismatch(node, `admin.${goType}`, undefined);
  else {
    const fields: readonly string[] = withEnabled ? FIELDS : FIELDS.slice(0, 2);
    for (const { key, value: member } of node.entries) {
      const field = fields.find((f) => f === key) ?? fields.find((f) => f.toLowerCase() === key.toLowerCase());
      // Go leaves a field alone when the JSON value is null.
      if (field === undefined || member.kind === "null") continue;
      if (field === "callback") {
        if (member.kind === "string") value.callback = member.value;
        else mismatch(member, "string", field);
      } else if (field === "enabled") {
        if (member.kind === "bool") value.enabled = member.value;
        else mismatch(member, "bool", field);
      } else if (member.kind !== "array") mismatch(member, "events.Events", field);
      else {
        value.events = [];
        for (const item of member.items) {
          if (item.kind === "string") value.events.push(item.value);
          else if (item.kind === "null") value.events.push("");
          else mismatch(item, "events.Event", field);
        }
      }
    }
  }
  if (decoding.saved !== undefined) return { ok: false, message: loadDtoMessage(400, decoding.saved, internal) };
  return { ok: true, value };
}

/** The validator's failures for the body fields, in declaration order (`enabled` only when updating). */
export function webhookBodyProblems(body: WebhookBody, withEnabled: boolean): string[] {
  const problems: string[] = [];
  if (body.callback === "") problems.push("callback is a required field");
  else if (!isGoValidatorUrl(body.callback)) problems.push("callback must be a valid URL");
  const events = body.events;
  if (events === undefined) problems.push("events is a required field");
  else if (events.length < 1) problems.push("length of events must be greater or equal to 1");
  else if (new Set(events).size !== events.length) problems.push("events entries are not unique");
  else {
    for (const [i, event] of events.entries()) {
      if (!KNOWN_EVENTS.has(event)) problems.push(`${event} in events[${i}] is not a valid webhook event`);
    }
  }
  // The tag's `enabled` is a plain bool marked required, so false is refused.
  if (withEnabled && !body.enabled) problems.push("enabled is a required field");
  return problems;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/;

/**
 * The validator's `url` check: Go's `url.Parse` of the lower-cased text must succeed with a scheme
 * and a host, an opaque part or a fragment; `file:` URLs always pass.
 */
export function isGoValidatorUrl(text: string): boolean {
  const s = text.toLowerCase();
  if (s.startsWith("file:/")) return true;
  // Go's parser refuses ASCII control characters anywhere.
  if (/[\x00-\x1f\x7f]/.test(s)) return false;
  const scheme = SCHEME.exec(s)?.[0];
  if (scheme === undefined) return false;
  const hash = s.indexOf("#");
  const fragment = hash < 0 ? "" : s.slice(hash + 1);
  const rest = (hash < 0 ? s : s.slice(0, hash)).slice(scheme.length);
  if (!rest.startsWith("/")) return rest !== "" || fragment !== "";
  if (!rest.startsWith("//")) return fragment !== "";
  const authority = rest.slice(2).split(/[/?]/, 1)[0]!;
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  if (/[\s"<>\\^`{|}]/.test(host)) return false;
  return host !== "" || fragment !== "";
}

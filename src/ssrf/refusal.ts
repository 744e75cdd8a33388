import type { WebhookSecurityPolicy } from "./policy.ts";

/** Why a callback was not called, as a closed set. */
export type RefusalCode =
  | "invalid_url"
  | "host_not_allowed"
  | "unresolvable"
  | "ip_not_allowed"
  | "redirect_not_allowed"
  | "request_failed"
  | "timeout";

// With sanitize_errors these stand in for the details, which can name internal hosts and addresses;
// the first four are the messages of Hanko's branch.
const SANITIZED: Record<RefusalCode, string> = {
  invalid_url: "callback URL validation failed",
  unresolvable: "callback URL validation failed",
  host_not_allowed: "callback URL not allowed",
  ip_not_allowed: "callback destination not allowed",
  redirect_not_allowed: "redirect destination not allowed",
  request_failed: "callback request failed",
  timeout: "callback request timed out",
};

export interface Refusal {
  code: RefusalCode;
  /** What to answer or record: the generic text of `code` when the policy sanitizes errors, else `detail`. */
  reason: string;
  /** Always the full explanation, for the log. */
  detail: string;
}

export function refusal(policy: WebhookSecurityPolicy, code: RefusalCode, detail: string): Refusal {
  return { code, reason: policy.sanitizeErrors ? SANITIZED[code] : detail, detail };
}

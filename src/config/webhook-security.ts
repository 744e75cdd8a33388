// The rules of `webhooks.security` (Hanko's feat-webhook-callback-url-security branch,
// backend/config/config_webhook.go) and the check of configured callbacks against it. The section is
// checked whether or not webhooks are enabled: Hanko calls database hooks either way.

import { checkCallbackUrl } from "../ssrf/callback-check.ts";
import { parseCidr } from "../net/ip.ts";
import { appliesList, ignoredOptions, normalizeHost, webhookSecurityPolicy, type ListOption } from "../ssrf/policy.ts";
import { describeValue } from "./describe.ts";
import type { ConfigProblem } from "./errors.ts";
import type { Config } from "./schema.ts";

type Security = Config["webhooks"]["security"];

const AT = "webhooks.security";

function problem(path: string, wrong: string, allowed: string): ConfigProblem {
  return { path, message: `${wrong}; ${allowed}` };
}

export function webhookSecurityProblems(security: Security): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  security.allowed_schemes.forEach((scheme, i) => {
    if (!["http", "https"].includes(scheme.trim().toLowerCase())) {
      problems.push(problem(`${AT}.allowed_schemes[${i}]`, `${describeValue(scheme)} is not a web scheme`, "use http or https"));
    }
  });
  if (security.max_redirects < 0) {
    problems.push(problem(`${AT}.max_redirects`, `is ${security.max_redirects}`, "use 0 or more"));
  } else if (!security.follow_redirects && security.max_redirects !== 0) {
    problems.push(
      problem(
        `${AT}.max_redirects`,
        `is ${security.max_redirects} while follow_redirects is false`,
        "set it to 0, or set follow_redirects to true",
      ),
    );
  }
  const { mode } = security;
  if (mode === "custom") {
    if (security.allowed_hosts.length === 0 && security.allowed_domains.length === 0 && security.allowed_cidrs.length === 0) {
      problems.push(
        problem(
          `${AT}.mode`,
          "is custom, but no allowlist is set",
          "list the allowed destinations in allowed_hosts, allowed_domains or allowed_cidrs (insecure mode allows every destination)",
        ),
      );
    }
    for (const category of ["hosts", "domains", "cidrs"] as const) {
      if (security[`allowed_${category}`].length > 0 && security[`blocked_${category}`].length > 0) {
        problems.push(
          problem(
            `${AT}.blocked_${category}`,
            `is set together with allowed_${category}`,
            `use either an allowlist or a blocklist of ${category}, not both`,
          ),
        );
      }
    }
  }
  // Lists the mode ignores are only warned about (webhookSecurityWarnings).
  const applied = (option: ListOption) => appliesList(mode, option);
  for (const option of ["allowed_hosts", "blocked_hosts"] as const) {
    if (!applied(option)) continue;
    security[option].forEach((entry, i) => {
      if (normalizeHost(entry) === undefined) {
        problems.push(
          problem(
            `${AT}.${option}[${i}]`,
            `${describeValue(entry)} is no host name or IP address`,
            "use e.g. hooks.example.com or 192.168.1.100, without scheme or port",
          ),
        );
      }
    });
  }
  for (const option of ["allowed_domains", "blocked_domains"] as const) {
    if (!applied(option)) continue;
    security[option].forEach((entry, i) => {
      const host = normalizeHost(entry);
      if (host === undefined || "ip" in host) {
        problems.push(
          problem(
            `${AT}.${option}[${i}]`,
            `${describeValue(entry)} is no domain name`,
            "use e.g. example.com, without scheme or port; addresses belong in the hosts or CIDR lists",
          ),
        );
      }
    });
  }
  for (const option of ["allowed_cidrs", "blocked_cidrs"] as const) {
    if (!applied(option)) continue;
    security[option].forEach((entry, i) => {
      if (parseCidr(entry) === undefined) {
        problems.push(
          problem(
            `${AT}.${option}[${i}]`,
            `${describeValue(entry)} is not a CIDR range`,
            "use e.g. 10.0.0.0/24, 192.168.1.50/32 or fd00::/8",
          ),
        );
      }
    });
  }
  return problems;
}

/** One warning per option that is set but takes no effect, as Hanko warns about options a mode ignores. */
export function webhookSecurityWarnings(security: Security): string[] {
  return ignoredOptions(security).map(({ option, why }) => `${AT}.${option} is set but ignored: ${why}`);
}

/** A configured callback the policy refuses, named by `path`; the check needs no DNS (see checkCallbackUrl). */
export function callbackProblem(security: Security, path: string, callback: string): ConfigProblem | undefined {
  const refusal = checkCallbackUrl(webhookSecurityPolicy(security), callback);
  if (refusal === undefined) return undefined;
  // The operator reads this, so the detail, even where sanitize_errors hides it from API clients.
  return problem(
    path,
    `${describeValue(callback)} is refused by ${AT}: ${refusal.detail}`,
    `point it at a destination ${AT} allows, or change ${AT}`,
  );
}

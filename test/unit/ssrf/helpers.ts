import { defaultConfig } from "../../../src/config/schema.ts";
import type { Resolver } from "../../../src/ssrf/callback-check.ts";
import { webhookSecurityPolicy, type WebhookSecuritySettings } from "../../../src/ssrf/policy.ts";

/** The policy of Hanko's defaults with `settings` on top; details unsanitized unless asked for. */
export function policyWith(settings: Partial<WebhookSecuritySettings> = {}) {
  return webhookSecurityPolicy({ ...defaultConfig().webhooks.security, sanitize_errors: false, ...settings });
}

/** A resolver answering from a table, counting the lookups; unknown names fail as NXDOMAIN would. */
export function tableResolver(table: Record<string, string[] | string[][]>): Resolver & { lookups: string[] } {
  const lookups: string[] = [];
  const resolve = async (hostname: string) => {
    const answers = table[hostname];
    if (answers === undefined) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    const round = lookups.filter((name) => name === hostname).length;
    lookups.push(hostname);
    // A list of lists answers differently on each lookup, the last answer repeating.
    return Array.isArray(answers[0]) ? (answers as string[][])[Math.min(round, answers.length - 1)]! : (answers as string[]);
  };
  return Object.assign(resolve, { lookups });
}

// `webhooks.security` (the SSRF protection of webhook callbacks, from Hanko's
// feat-webhook-callback-url-security branch: backend/config/config_webhook.go) compiled into the
// policy the checks read. Which lists a mode applies is decided here once: public_only and
// internal_only apply none of them, insecure only the blocklists, custom all of them.

import { domainToASCII } from "node:url";
import { parseCidr, parseIp, type Ip, type Network } from "../net/ip.ts";

export type SecurityMode = "public_only" | "internal_only" | "custom" | "insecure";

/** `webhooks.security` as config.yaml spells it. */
export interface WebhookSecuritySettings {
  readonly mode: SecurityMode;
  readonly allowed_schemes: readonly string[];
  readonly follow_redirects: boolean;
  readonly max_redirects: number;
  readonly skip_resolved_ip_validation: boolean;
  readonly allowed_hosts: readonly string[];
  readonly allowed_domains: readonly string[];
  readonly allowed_cidrs: readonly string[];
  readonly blocked_hosts: readonly string[];
  readonly blocked_domains: readonly string[];
  readonly blocked_cidrs: readonly string[];
  readonly deny_metadata_endpoints: boolean;
  readonly sanitize_errors: boolean;
}

export const LIST_OPTIONS = [
  "allowed_hosts",
  "allowed_domains",
  "allowed_cidrs",
  "blocked_hosts",
  "blocked_domains",
  "blocked_cidrs",
] as const;
export type ListOption = (typeof LIST_OPTIONS)[number];

const APPLIED_LISTS: Record<SecurityMode, readonly ListOption[]> = {
  public_only: [],
  internal_only: [],
  custom: LIST_OPTIONS,
  insecure: ["blocked_hosts", "blocked_domains", "blocked_cidrs"],
};

export function appliesList(mode: SecurityMode, option: ListOption): boolean {
  return APPLIED_LISTS[mode].includes(option);
}

/** Host names and literal addresses of `allowed_hosts` or `blocked_hosts`. */
export interface HostList {
  names: ReadonlySet<string>;
  ips: readonly Ip[];
}

export interface Cidr {
  text: string;
  network: Network;
}

export interface WebhookSecurityPolicy {
  readonly mode: SecurityMode;
  /** Lower-cased, without the colon. */
  readonly schemes: readonly string[];
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  readonly skipResolvedIpValidation: boolean;
  /** The lists below are empty when the mode does not apply them. */
  readonly allowedHosts: HostList;
  readonly allowedDomains: readonly string[];
  readonly allowedCidrs: readonly Cidr[];
  readonly blockedHosts: HostList;
  readonly blockedDomains: readonly string[];
  readonly blockedCidrs: readonly Cidr[];
  readonly denyMetadataEndpoints: boolean;
  readonly sanitizeErrors: boolean;
}

/**
 * A host entry or a URL's hostname as it is compared: an IP address, or the host name lower-cased in
 * its ASCII (punycode) form without a trailing dot. Undefined for an empty entry or one that is no
 * host (a port, a space).
 */
export function normalizeHost(text: string): { ip: Ip } | { name: string } | undefined {
  const trimmed = text.trim();
  const ip = parseIp(trimmed);
  if (ip !== undefined) return { ip };
  if (trimmed.includes(":") || trimmed.includes("[")) return undefined;
  // The URL parser's host rules, so an entry matches the hostname a callback URL parses to.
  const ascii = domainToASCII(trimmed).replace(/\.$/, "");
  if (ascii === "") return undefined;
  const reparsed = parseIp(ascii);
  return reparsed === undefined ? { name: ascii } : { ip: reparsed };
}

/** Compiles valid settings; entries config validation refuses are left out. */
export function webhookSecurityPolicy(settings: WebhookSecuritySettings): WebhookSecurityPolicy {
  const applied = (option: ListOption) => (appliesList(settings.mode, option) ? settings[option] : []);
  const hosts = (option: ListOption): HostList => {
    const entries = applied(option).map(normalizeHost);
    return {
      names: new Set(entries.flatMap((entry) => (entry && "name" in entry ? [entry.name] : []))),
      ips: entries.flatMap((entry) => (entry && "ip" in entry ? [entry.ip] : [])),
    };
  };
  const domains = (option: ListOption) =>
    applied(option).flatMap((text) => {
      const entry = normalizeHost(text);
      return entry && "name" in entry ? [entry.name] : [];
    });
  const cidrs = (option: ListOption) =>
    applied(option).flatMap((text) => {
      const network = parseCidr(text);
      return network ? [{ text: text.trim(), network }] : [];
    });
  return {
    mode: settings.mode,
    schemes: settings.allowed_schemes.map((scheme) => scheme.trim().toLowerCase()),
    followRedirects: settings.follow_redirects,
    maxRedirects: settings.max_redirects,
    skipResolvedIpValidation: settings.mode === "custom" && settings.skip_resolved_ip_validation,
    allowedHosts: hosts("allowed_hosts"),
    allowedDomains: domains("allowed_domains"),
    allowedCidrs: cidrs("allowed_cidrs"),
    blockedHosts: hosts("blocked_hosts"),
    blockedDomains: domains("blocked_domains"),
    blockedCidrs: cidrs("blocked_cidrs"),
    denyMetadataEndpoints: settings.deny_metadata_endpoints,
    sanitizeErrors: settings.sanitize_errors,
  };
}

export interface IgnoredOption {
  option: ListOption | "skip_resolved_ip_validation" | "follow_redirects";
  why: string;
}

/** The options `settings` sets that take no effect, and why: start-up warns about each. */
export function ignoredOptions(settings: WebhookSecuritySettings): IgnoredOption[] {
  const { mode } = settings;
  const modeIgnores =
    mode === "insecure"
      ? "insecure mode allows every destination but the blocked ones"
      : `${mode} mode applies no host, domain or CIDR list`;
  const ignored: IgnoredOption[] = LIST_OPTIONS.filter((option) => settings[option].length > 0 && !appliesList(mode, option)).map(
    (option) => ({ option, why: modeIgnores }),
  );
  if (settings.skip_resolved_ip_validation) {
    if (mode !== "custom") ignored.push({ option: "skip_resolved_ip_validation", why: "it applies in custom mode only" });
    else if (settings.allowed_hosts.length === 0 && settings.allowed_domains.length === 0) {
      ignored.push({
        option: "skip_resolved_ip_validation",
        why: "it trusts the addresses of hosts matched by allowed_hosts or allowed_domains, and neither is set",
      });
    }
  }
  if (settings.follow_redirects && settings.max_redirects === 0) {
    ignored.push({ option: "follow_redirects", why: "max_redirects is 0, so no redirect is followed" });
  }
  return ignored;
}

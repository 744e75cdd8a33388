// The check of a callback URL, in the two phases the documentation describes: the URL and its host
// name (schemes, metadata host names, blocked and allowed hosts and domains), then every address the
// host stands for (blocked CIDRs, metadata addresses, the mode's rule). Both must pass. URLs are parsed
// by the WHATWG parser, the one delivery uses too, so the host checked is the host called: decimal,
// octal and hex spellings such as http://2130706433/ are already 127.0.0.1 here.

import { lookup } from "node:dns/promises";
import { isMetadataHost, isMetadataIp, specialRange } from "./address-ranges.ts";
import { contains, parseIp, sameIp, type Ip } from "../net/ip.ts";
import { normalizeHost, type HostList, type WebhookSecurityPolicy } from "./policy.ts";
import { refusal, type Refusal } from "./refusal.ts";

/** The addresses a host name stands for. Injectable, so tests can answer differently each time. */
export type Resolver = (hostname: string) => Promise<string[]>;

/** getaddrinfo, as the rest of the system resolves: /etc/hosts first, so `localhost` is loopback. */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((answer) => answer.address);

/** A callback that passed both phases, with the addresses a connection may use. */
export interface CheckedCallback {
  url: URL;
  /** Validated addresses, as text without brackets; the literal address itself for an IP URL. */
  addresses: string[];
}

export type CallbackCheck = { ok: true; callback: CheckedCallback } | { ok: false; refusal: Refusal };

type Host = { ip: Ip } | { name: string };

type NameCheck = { ok: true; url: URL; host: Host; allowlisted: boolean } | { ok: false; refusal: Refusal };

/**
 * What can be checked without DNS: the URL, the host name, and a literal address. Used where a
 * lookup's answer would prove nothing about delivery time (config loading, the admin API); delivery
 * checks again with `resolveCallback`.
 */
export function checkCallbackUrl(policy: WebhookSecurityPolicy, url: string): Refusal | undefined {
  const checked = checkName(policy, url);
  return checked.ok ? undefined : checked.refusal;
}

/** Both phases: a host name is resolved once and every address it resolves to must pass. */
export async function resolveCallback(policy: WebhookSecurityPolicy, url: string, resolve: Resolver): Promise<CallbackCheck> {
  const checked = checkName(policy, url);
  if (!checked.ok) return checked;
  const { host } = checked;
  if ("ip" in host) return { ok: true, callback: { url: checked.url, addresses: [unbracket(checked.url.hostname)] } };

  let answers: string[];
  try {
    answers = await resolve(checked.url.hostname);
  } catch (error) {
    return refused(policy, "unresolvable", `host '${host.name}' could not be resolved: ${(error as Error).message}`);
  }
  if (answers.length === 0) return refused(policy, "unresolvable", `host '${host.name}' resolved to no address`);
  // Every answer must pass: a mix of public and internal answers is what rebinding attacks serve.
  for (const answer of answers) {
    const ip = parseIp(answer);
    if (ip === undefined) return refused(policy, "unresolvable", `host '${host.name}' resolved to '${answer}', which is no IP address`);
    const trusted = policy.skipResolvedIpValidation && checked.allowlisted;
    const why = ipRefusal(policy, ip, answer, trusted);
    if (why !== undefined) {
      return refused(policy, "ip_not_allowed", `resolved IP '${answer}' for host '${host.name}' is not allowed: ${why}`);
    }
  }
  return { ok: true, callback: { url: checked.url, addresses: answers } };
}

function checkName(policy: WebhookSecurityPolicy, text: string): NameCheck {
  const url = URL.parse(text);
  if (url === null) return refused(policy, "invalid_url", `'${text}' is not a valid URL`);
  const scheme = url.protocol.slice(0, -1);
  if (!policy.schemes.includes(scheme)) {
    const allowed = policy.schemes.length === 0 ? "allowed_schemes is empty" : `allowed_schemes is ${policy.schemes.join(", ")}`;
    return refused(policy, "invalid_url", `callback scheme '${scheme}' is not allowed (${allowed})`);
  }
  if (url.username !== "" || url.password !== "") return refused(policy, "invalid_url", "callback URL must not include user info");
  const host = normalizeHost(url.hostname);
  if (host === undefined) return refused(policy, "invalid_url", `callback URL '${text}' has no host`);

  const hostCheck = hostRefusal(policy, host, unbracket(url.hostname));
  if (typeof hostCheck === "string") return refused(policy, "host_not_allowed", hostCheck);
  if ("ip" in host) {
    const why = ipRefusal(policy, host.ip, unbracket(url.hostname), false);
    if (why !== undefined) return refused(policy, "ip_not_allowed", why);
  }
  return { ok: true, url, host, allowlisted: hostCheck.allowlisted };
}

/** The host phase: a refusal, or whether the host matched an allowlist entry by name. */
function hostRefusal(policy: WebhookSecurityPolicy, host: Host, shown: string): string | { allowlisted: boolean } {
  if ("name" in host && policy.denyMetadataEndpoints && isMetadataHost(host.name)) {
    return `host '${shown}' is a cloud metadata endpoint`;
  }
  if (inHostList(policy.blockedHosts, host)) return `host '${shown}' is in blocked_hosts`;
  const blockedDomain = "name" in host ? policy.blockedDomains.find((domain) => inDomain(host.name, domain)) : undefined;
  if (blockedDomain !== undefined) return `host '${shown}' is in blocked domain '${blockedDomain}'`;

  const { allowedHosts, allowedDomains, allowedCidrs } = policy;
  // Without host or domain allowlists, custom mode leaves the decision to the addresses.
  if (policy.mode !== "custom" || (allowedHosts.names.size === 0 && allowedHosts.ips.length === 0 && allowedDomains.length === 0)) {
    return { allowlisted: false };
  }
  if ("ip" in host && allowedCidrs.some((cidr) => contains(cidr.network, host.ip))) return { allowlisted: false };
  if (inHostList(allowedHosts, host) || ("name" in host && allowedDomains.some((domain) => inDomain(host.name, domain)))) {
    return { allowlisted: true };
  }
  return `host '${shown}' is not in allowed_hosts or allowed_domains`;
}

/** The address phase: why `ip` may not be called, if it may not. */
function ipRefusal(policy: WebhookSecurityPolicy, ip: Ip, shown: string, trusted: boolean): string | undefined {
  const blocked = policy.blockedCidrs.find((cidr) => contains(cidr.network, ip));
  if (blocked !== undefined) return `IP '${shown}' is in blocked CIDR '${blocked.text}'`;
  if (policy.denyMetadataEndpoints && isMetadataIp(ip)) return `IP '${shown}' is a cloud metadata endpoint`;
  switch (policy.mode) {
    case "insecure":
      return undefined;
    case "public_only": {
      const range = specialRange(ip);
      return range === undefined ? undefined : `IP '${shown}' is not public (${range}), which public_only mode requires`;
    }
    case "internal_only":
      return specialRange(ip) === undefined ? `IP '${shown}' is public, which internal_only mode refuses` : undefined;
    case "custom": {
      if (trusted) return undefined;
      const allowed =
        policy.allowedCidrs.some((cidr) => contains(cidr.network, ip)) || policy.allowedHosts.ips.some((entry) => sameIp(entry, ip));
      return allowed ? undefined : `IP '${shown}' is not in the allowed CIDR or host list`;
    }
  }
}

function inHostList(list: HostList, host: Host): boolean {
  return "ip" in host ? list.ips.some((ip) => sameIp(ip, host.ip)) : list.names.has(host.name);
}

/** The domain itself or any name under it: api.example.com is in example.com, badexample.com is not. */
function inDomain(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

const unbracket = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

function refused(policy: WebhookSecurityPolicy, code: Refusal["code"], detail: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: refusal(policy, code, detail) };
}

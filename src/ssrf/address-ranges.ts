// Which addresses are public. An address is public unless it lies in one of IANA's special-purpose
// ranges below, which include everything Hanko's validation refuses (backend/webhooks/validation/ip.go
// and constants.go on Hanko's feat-webhook-callback-url-security branch) and a few more: 192.88.99.0/24,
// 3fff::/20 and IPv6 outside 2000::/3. IPv6 forms that carry an IPv4 address (mapped, compatible,
// translated, NAT64, 6to4) are as public as the IPv4 address they carry, so ::ffff:127.0.0.1 is loopback.

import { contains, parseCidr, unmap, type Ip, type Network } from "../net/ip.ts";

interface Range {
  network: Network;
  /** e.g. `loopback 127.0.0.0/8`, as a refusal names it */
  label: string;
}

const range = (cidr: string, name: string): Range => ({ network: parseCidr(cidr)!, label: `${name} ${cidr}` });

// First match wins, so a narrower range comes before the one holding it.
const IPV4: readonly Range[] = [
  range("0.0.0.0/32", "unspecified"),
  range("0.0.0.0/8", "this network"),
  range("10.0.0.0/8", "private"),
  range("100.64.0.0/10", "shared (carrier-grade NAT)"),
  range("127.0.0.0/8", "loopback"),
  range("169.254.0.0/16", "link-local"),
  range("172.16.0.0/12", "private"),
  range("192.0.0.0/24", "IETF protocol assignment"),
  range("192.0.2.0/24", "documentation"),
  range("192.88.99.0/24", "6to4 relay anycast"),
  range("192.168.0.0/16", "private"),
  range("198.18.0.0/15", "benchmarking"),
  range("198.51.100.0/24", "documentation"),
  range("203.0.113.0/24", "documentation"),
  range("224.0.0.0/4", "multicast"),
  range("255.255.255.255/32", "broadcast"),
  range("240.0.0.0/4", "reserved"),
];

const IPV6: readonly Range[] = [
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("64:ff9b:1::/48", "local-use translation"),
  range("100::/64", "discard-only"),
  range("2001:db8::/32", "documentation"),
  range("2001::/23", "IETF protocol assignment"),
  range("3fff::/20", "documentation"),
  range("fc00::/7", "unique local"),
  range("fe80::/10", "link-local"),
  range("fec0::/10", "site-local"),
  range("ff00::/8", "multicast"),
];

const GLOBAL_UNICAST = parseCidr("2000::/3")!;

/** IPv6 ranges whose addresses stand for the IPv4 address in the given bytes. */
const CARRIERS: readonly { network: Network; name: string; at: number }[] = [
  { network: parseCidr("::ffff:0:0:0/96")!, name: "IPv4-translated", at: 12 },
  { network: parseCidr("::/96")!, name: "IPv4-compatible", at: 12 },
  { network: parseCidr("64:ff9b::/96")!, name: "NAT64", at: 12 },
  { network: parseCidr("2002::/16")!, name: "6to4", at: 2 },
];

/** The IPv4 address `ip` stands for, and how it is written, if it carries one. */
function carriedIpv4(ip: Ip): { ipv4: Ip; form?: string } | undefined {
  const address = unmap(ip);
  if (address.length === 4) return { ipv4: address, form: ip.length === 16 ? "IPv4-mapped" : undefined };
  const carrier = CARRIERS.find((c) => contains(c.network, address));
  return carrier && { ipv4: address.slice(carrier.at, carrier.at + 4), form: carrier.name };
}

/** The special-purpose range `ip` lies in, as a refusal names it; undefined for a public address. */
export function specialRange(ip: Ip): string | undefined {
  const own = IPV6.slice(0, 2).find((r) => contains(r.network, ip));
  if (own) return own.label;
  const carried = carriedIpv4(ip);
  if (carried) {
    const label = IPV4.find((r) => contains(r.network, carried.ipv4))?.label;
    return label && carried.form ? `${label} in ${carried.form} form` : label;
  }
  const label = IPV6.find((r) => contains(r.network, ip))?.label;
  if (label) return label;
  return contains(GLOBAL_UNICAST, ip) ? undefined : "reserved, outside 2000::/3";
}

// Hanko's metadata ranges: the providers' IPv4 and IPv6 service addresses, and all of IPv6 link-local
// and unique-local space because some providers serve metadata there.
const METADATA_NETWORKS = ["169.254.169.254/32", "fd00:ec2::254/128", "fe80::/10", "fc00::/7"].map((cidr) => parseCidr(cidr)!);

/** Hanko's metadata host names, besides the addresses: provider names and rebinding-service spellings. */
const METADATA_HOSTS = new Set([
  "metadata.google.internal",
  "metadata.goog",
  "metadata",
  "instance-data",
  "169-254-169-254.ec2.internal",
  "169.254.169.254.nip.io",
  "169.254.169.254.xip.io",
  "169.254.169.254.sslip.io",
]);

/** Whether `ip`, or the IPv4 address it carries, is a cloud metadata service address. */
export function isMetadataIp(ip: Ip): boolean {
  const carried = carriedIpv4(ip)?.ipv4;
  return METADATA_NETWORKS.some((network) => contains(network, ip) || (carried !== undefined && contains(network, carried)));
}

/** `host` lower-cased, without a trailing dot. */
export function isMetadataHost(host: string): boolean {
  return METADATA_HOSTS.has(host);
}

import type { Config } from "../config/schema.ts";
import { contains, formatIp, type Ip, type Network, parseCidr, parseIp as parseAnyIp, unmap } from "../net/ip.ts";

type IpSettings = Config["server"]["ip"];

/** 4 bytes for IPv4 (IPv4-mapped IPv6 included, as Go's net.IP.To4 does), 16 for IPv6. */
function parseIp(text: string): Ip | undefined {
  const ip = parseAnyIp(text);
  return ip && unmap(ip);
}

/**
 * The client address as Hanko HEAD's Echo extractors see it. Headers count only when the peer is a trusted
 * proxy; X-Forwarded-For is read from the right, stopping at the first hop that is not a trusted proxy.
 * Addresses come back in Go's canonical text form, so one client always yields one rate-limit key.
 */
export function clientIp(request: Request, peerAddress: string, settings: IpSettings): string {
  const peer = parseIp(peerAddress);
  if (peer === undefined) return peerAddress;
  const direct = formatIp(peer);
  if (settings.extractor === "direct") return direct;
  const networks = trustedNetworks(settings.trusted_proxies);
  const trusted = (ip: Ip) => networks.some((network) => contains(network, ip));
  if (!trusted(peer)) return direct;

  if (settings.extractor === "x_real_ip") {
    const realIp = parseIp(unbracket(request.headers.get("x-real-ip") ?? ""));
    return realIp === undefined ? direct : formatIp(realIp);
  }
  const forwarded = request.headers.get("x-forwarded-for");
  if (forwarded === null) return direct;
  const hops = forwarded.split(",").map(unbracket);
  let hop: Ip | undefined;
  for (let i = hops.length - 1; i >= 0; i--) {
    hop = parseIp(hops[i]!);
    // Whoever wrote an unreadable entry may have written everything to its left too.
    if (hop === undefined) return direct;
    if (!trusted(hop)) return formatIp(hop);
  }
  // Every hop is a trusted proxy: the left-most is the furthest from us.
  return formatIp(hop!);
}

const unbracket = (text: string): string => text.trim().replace(/^\[/, "").replace(/\]$/, "");

const networksCache = new WeakMap<string[], Network[]>();

// Entries that are no CIDR are left out; config validation reports them.
function trustedNetworks(cidrs: string[]): Network[] {
  let networks = networksCache.get(cidrs);
  if (networks === undefined) {
    networks = cidrs.map(parseCidr).filter((network) => network !== undefined);
    networksCache.set(cidrs, networks);
  }
  return networks;
}

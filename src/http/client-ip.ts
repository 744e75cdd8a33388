import type { Config } from "../config/schema.ts";

type IpSettings = Config["server"]["ip"];

/** 4 bytes for IPv4 (IPv4-mapped IPv6 included, as Go's net.IP.To4 does), 16 for IPv6. */
type Address = Uint8Array;
type Network = { address: Address; prefix: number };

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
  const trusted = (ip: Address) => networks.some((network) => contains(network, ip));
  if (!trusted(peer)) return direct;

  if (settings.extractor === "x_real_ip") {
    const realIp = parseIp(unbracket(request.headers.get("x-real-ip") ?? ""));
    return realIp === undefined ? direct : formatIp(realIp);
  }
  const forwarded = request.headers.get("x-forwarded-for");
  if (forwarded === null) return direct;
  const hops = forwarded.split(",").map(unbracket);
  let hop: Address | undefined;
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

function parseCidr(cidr: string): Network | undefined {
  const [text, bits, ...rest] = cidr.trim().split("/");
  if (bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) return undefined;
  const address = parseIp(text!);
  if (address === undefined) return undefined;
  // An IPv4-mapped network such as ::ffff:10.0.0.0/104 holds IPv4 addresses; Go keeps the low 32 mask bits.
  const prefix = address.length === 4 && text!.includes(":") ? Number(bits) - 96 : Number(bits);
  if (prefix > address.length * 8) return undefined;
  return { address, prefix: Math.max(prefix, 0) };
}

function contains(network: Network, ip: Address): boolean {
  if (network.address.length !== ip.length) return false;
  for (let bit = 0; bit < network.prefix; bit += 8) {
    const mask = (0xff << (8 - Math.min(network.prefix - bit, 8))) & 0xff;
    if ((network.address[bit / 8]! & mask) !== (ip[bit / 8]! & mask)) return false;
  }
  return true;
}

function parseIp(text: string): Address | undefined {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

// Go rejects leading zeros, which some parsers read as octal.
function parseIpv4(text: string): Address | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) return undefined;
  return Uint8Array.from(parts, Number);
}

function parseIpv6(text: string): Address | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  const bytes = Uint8Array.from(words.flatMap((word) => [word >> 8, word & 0xff]));
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** 16-bit groups; a dotted IPv4 address may end the address and counts as two groups. */
function groupsOf(part: string, last: boolean): number[] | undefined {
  if (part === "") return [];
  const groups = part.split(":");
  const words: number[] = [];
  for (const [i, group] of groups.entries()) {
    if (last && i === groups.length - 1 && group.includes(".")) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) return undefined;
      words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9a-f]{1,4}$/i.test(group)) {
      words.push(parseInt(group, 16));
    } else {
      return undefined;
    }
  }
  return words;
}

/** RFC 5952, as Go prints: lower-case hex, the longest run of two or more zero groups (the first on a tie) as `::`. */
function formatIp(ip: Address): string {
  if (ip.length === 4) return ip.join(".");
  const words = Array.from({ length: 8 }, (_, i) => (ip[2 * i]! << 8) | ip[2 * i + 1]!);
  let [runStart, runLength] = [-1, 1];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > runLength) [runStart, runLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (from: number, to: number) =>
    words
      .slice(from, to)
      .map((word) => word.toString(16))
      .join(":");
  return runStart < 0 ? hex(0, 8) : `${hex(0, runStart)}::${hex(runStart + runLength, 8)}`;
}

// IP addresses as bytes: 4 for IPv4, 16 for IPv6. Parsing is strict (Go's net.ParseIP: dotted decimal
// without leading zeros, no zones), because what is parsed here is a client address or header, a
// hostname the WHATWG URL parser normalised, an address the resolver returned, or a config entry, where
// a spelling such as 0177.0.0.1 should be refused rather than guessed at.

export type Ip = Uint8Array;

/** A CIDR range; an IPv4-mapped IPv6 range such as ::ffff:10.0.0.0/104 is held as the IPv4 range. */
export interface Network {
  base: Ip;
  prefix: number;
}

/** `a.b.c.d`, or an IPv6 address (brackets allowed, an embedded dotted IPv4 tail too). */
export function parseIp(text: string): Ip | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return bare.includes(":") ? parseIpv6(bare) : parseIpv4(bare);
}

function parseIpv4(text: string): Ip | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) return undefined;
  return Uint8Array.from(parts, Number);
}

function parseIpv6(text: string): Ip | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return Uint8Array.from(words.flatMap((word) => [word >> 8, word & 0xff]));
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

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:a.b.c.d) stands for, else the address itself. */
export function unmap(ip: Ip): Ip {
  return ip.length === 16 && MAPPED_PREFIX.every((byte, i) => ip[i] === byte) ? ip.slice(12) : ip;
}

/** net.ParseCIDR's syntax: an address, `/`, a prefix length of at most 32 or 128 bits. */
export function parseCidr(text: string): Network | undefined {
  const [address, bits, ...rest] = text.trim().split("/");
  if (bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) return undefined;
  const ip = parseIp(address!);
  if (ip === undefined || address!.startsWith("[") || Number(bits) > ip.length * 8) return undefined;
  const base = unmap(ip);
  // A mapped range keeps the mask bits that fall on the IPv4 part, as Go does.
  const prefix = base.length === ip.length ? Number(bits) : Math.max(Number(bits) - 96, 0);
  return { base, prefix };
}

/** Whether `ip` lies in `network`; an IPv4-mapped address counts as the IPv4 address it maps. */
export function contains(network: Network, ip: Ip): boolean {
  const address = unmap(ip);
  if (address.length !== network.base.length) return false;
  for (let bit = 0; bit < network.prefix; bit += 8) {
    const mask = (0xff << (8 - Math.min(network.prefix - bit, 8))) & 0xff;
    if ((network.base[bit / 8]! & mask) !== (address[bit / 8]! & mask)) return false;
  }
  return true;
}

export function sameIp(a: Ip, b: Ip): boolean {
  const [x, y] = [unmap(a), unmap(b)];
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/** RFC 5952, as Go prints: lower-case hex, the longest run of two or more zero groups (the first on a tie) as `::`. */
export function formatIp(ip: Ip): string {
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

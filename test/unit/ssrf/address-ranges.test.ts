import { describe, expect, test } from "bun:test";
import { isMetadataIp, specialRange } from "../../../src/ssrf/address-ranges.ts";
import { contains, parseCidr, parseIp, sameIp } from "../../../src/net/ip.ts";

const rangeOf = (text: string) => specialRange(parseIp(text)!);

describe("parsing addresses and ranges", () => {
  test("IPv4 is dotted decimal without leading zeros, as Go's net.ParseIP reads it", () => {
    expect(parseIp("192.168.1.100")).toEqual(Uint8Array.from([192, 168, 1, 100]));
    for (const text of ["0177.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "256.0.0.1", "1.2.3.4.5", ""]) {
      expect(parseIp(text)).toBeUndefined();
    }
  });

  test("IPv6 takes brackets, :: and a dotted tail, but no zone", () => {
    expect(parseIp("[::1]")).toEqual(parseIp("0:0:0:0:0:0:0:1"));
    expect(parseIp("::ffff:127.0.0.1")).toEqual(parseIp("::ffff:7f00:1"));
    for (const text of ["fe80::1%eth0", "1::2::3", "12345::", "::ffff:127.0.0.01"]) expect(parseIp(text)).toBeUndefined();
  });

  test("an IPv4-mapped address is the IPv4 address it maps, in ranges and comparisons", () => {
    expect(contains(parseCidr("127.0.0.0/8")!, parseIp("::ffff:127.0.0.1")!)).toBe(true);
    expect(contains(parseCidr("::ffff:10.0.0.0/104")!, parseIp("10.1.2.3")!)).toBe(true);
    expect(sameIp(parseIp("::ffff:192.168.1.100")!, parseIp("192.168.1.100")!)).toBe(true);
    expect(contains(parseCidr("::/0")!, parseIp("10.0.0.1")!)).toBe(false);
  });

  test("a CIDR needs an address, a slash and a prefix that fits the address", () => {
    expect(parseCidr("10.0.0.5/24")).toEqual({ base: Uint8Array.from([10, 0, 0, 5]), prefix: 24 });
    for (const text of ["10.0.0.0", "10.0.0.0/33", "fd00::/129", "[fd00::]/8", "10.0.0.0/8/8", "example.com/24", "10.0.0.0/x"]) {
      expect(parseCidr(text)).toBeUndefined();
    }
  });
});

describe("which addresses are public", () => {
  test.each([
    ["127.0.0.1", "loopback 127.0.0.0/8"],
    ["10.20.30.40", "private 10.0.0.0/8"],
    ["172.31.255.255", "private 172.16.0.0/12"],
    ["192.168.0.1", "private 192.168.0.0/16"],
    ["169.254.169.254", "link-local 169.254.0.0/16"],
    ["100.64.0.1", "shared (carrier-grade NAT) 100.64.0.0/10"],
    ["0.0.0.0", "unspecified 0.0.0.0/32"],
    ["0.1.2.3", "this network 0.0.0.0/8"],
    ["224.0.0.251", "multicast 224.0.0.0/4"],
    ["255.255.255.255", "broadcast 255.255.255.255/32"],
    ["240.0.0.1", "reserved 240.0.0.0/4"],
    ["192.0.2.1", "documentation 192.0.2.0/24"],
    ["198.51.100.7", "documentation 198.51.100.0/24"],
    ["203.0.113.9", "documentation 203.0.113.0/24"],
    ["198.18.0.1", "benchmarking 198.18.0.0/15"],
    ["192.0.0.8", "IETF protocol assignment 192.0.0.0/24"],
    ["::", "unspecified ::/128"],
    ["::1", "loopback ::1/128"],
    ["fe80::1", "link-local fe80::/10"],
    ["fd12:3456::1", "unique local fc00::/7"],
    ["ff02::1", "multicast ff00::/8"],
    ["2001:db8::1", "documentation 2001:db8::/32"],
    ["3fff::1", "documentation 3fff::/20"],
    ["100::1", "discard-only 100::/64"],
    ["4000::1", "reserved, outside 2000::/3"],
  ])("%s is %s", (address, range) => {
    expect(rangeOf(address)).toBe(range);
  });

  test.each([
    ["::ffff:127.0.0.1", "loopback 127.0.0.0/8 in IPv4-mapped form"],
    ["::ffff:0:10.0.0.1", "private 10.0.0.0/8 in IPv4-translated form"],
    ["::127.0.0.1", "loopback 127.0.0.0/8 in IPv4-compatible form"],
    ["64:ff9b::169.254.169.254", "link-local 169.254.0.0/16 in NAT64 form"],
    ["2002:c0a8:0101::1", "private 192.168.0.0/16 in 6to4 form"],
  ])("%s, which carries an IPv4 address, is %s", (address, range) => {
    expect(rangeOf(address)).toBe(range);
  });

  test.each(["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:0808:0808::1"])(
    "%s is public",
    (address) => {
      expect(rangeOf(address)).toBeUndefined();
    },
  );

  test("metadata addresses are the providers' service addresses and IPv6 link-local and unique-local space", () => {
    for (const address of [
      "169.254.169.254",
      "::ffff:169.254.169.254",
      "64:ff9b::a9fe:a9fe",
      "fd00:ec2::254",
      "fe80::a9fe:a9fe",
      "fc00::1",
    ]) {
      expect(isMetadataIp(parseIp(address)!)).toBe(true);
    }
    expect(isMetadataIp(parseIp("169.254.169.253")!)).toBe(false);
  });
});

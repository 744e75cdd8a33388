import { describe, expect, test } from "bun:test";
import { clientIp } from "../../../src/http/client-ip.ts";

const request = (headers: Record<string, string> = {}) => new Request("http://localhost/", { headers });

type Extractor = "direct" | "x_forwarded_for" | "x_real_ip";
const ip = (extractor: Extractor, trusted_proxies: string[] = ["10.0.0.0/8", "fd00::/8"]) => ({ extractor, trusted_proxies });

describe("clientIp with the direct extractor", () => {
  test("uses the peer address and ignores forwarding headers", () => {
    const headers = { "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" };
    expect(clientIp(request(headers), "10.0.0.5", ip("direct"))).toBe("10.0.0.5");
  });

  test("prints an IPv4-mapped peer as IPv4 and an IPv6 peer in canonical form", () => {
    expect(clientIp(request(), "::ffff:192.0.2.7", ip("direct"))).toBe("192.0.2.7");
    expect(clientIp(request(), "2001:DB8:0:0:0:0:0:1", ip("direct"))).toBe("2001:db8::1");
  });

  test("returns a peer address it cannot parse unchanged", () => {
    expect(clientIp(request(), "unix-socket", ip("direct"))).toBe("unix-socket");
  });
});

describe("clientIp with the x_forwarded_for extractor", () => {
  test("ignores the header when the peer is not a trusted proxy", () => {
    expect(clientIp(request({ "x-forwarded-for": "1.2.3.4" }), "192.0.2.1", ip("x_forwarded_for"))).toBe("192.0.2.1");
  });

  test("ignores the header when no trusted proxies are configured", () => {
    expect(clientIp(request({ "x-forwarded-for": "1.2.3.4" }), "10.0.0.5", ip("x_forwarded_for", []))).toBe("10.0.0.5");
  });

  test("takes the right-most address that is not itself a trusted proxy", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 1.2.3.4, 10.1.1.1, 10.2.2.2" };
    expect(clientIp(request(headers), "10.0.0.5", ip("x_forwarded_for"))).toBe("1.2.3.4");
  });

  test("trusts a peer written as an IPv4-mapped IPv6 address by an IPv4 range", () => {
    expect(clientIp(request({ "x-forwarded-for": "1.2.3.4" }), "::ffff:10.0.0.1", ip("x_forwarded_for"))).toBe("1.2.3.4");
  });

  test("matches IPv6 peers and hops against IPv6 ranges and strips brackets", () => {
    const headers = { "x-forwarded-for": "[2001:db8::42], fd00::2" };
    expect(clientIp(request(headers), "fd00::1", ip("x_forwarded_for"))).toBe("2001:db8::42");
  });

  test("falls back to the peer address when a hop cannot be parsed", () => {
    const headers = { "x-forwarded-for": "1.2.3.4, not-an-ip, 10.1.1.1" };
    expect(clientIp(request(headers), "10.0.0.5", ip("x_forwarded_for"))).toBe("10.0.0.5");
  });

  test("returns the left-most hop when every hop is a trusted proxy", () => {
    const headers = { "x-forwarded-for": "10.9.9.9, 10.1.1.1" };
    expect(clientIp(request(headers), "10.0.0.5", ip("x_forwarded_for"))).toBe("10.9.9.9");
  });

  test("uses the peer address when the header is missing", () => {
    expect(clientIp(request(), "10.0.0.5", ip("x_forwarded_for"))).toBe("10.0.0.5");
  });

  test("respects the prefix length of a range", () => {
    const proxies = ["192.0.2.128/25"];
    const headers = { "x-forwarded-for": "1.2.3.4" };
    expect(clientIp(request(headers), "192.0.2.200", ip("x_forwarded_for", proxies))).toBe("1.2.3.4");
    expect(clientIp(request(headers), "192.0.2.100", ip("x_forwarded_for", proxies))).toBe("192.0.2.100");
  });
});

describe("clientIp with the x_real_ip extractor", () => {
  test("uses the header when the peer is a trusted proxy", () => {
    expect(clientIp(request({ "x-real-ip": "1.2.3.4" }), "10.0.0.5", ip("x_real_ip"))).toBe("1.2.3.4");
  });

  test("ignores the header when the peer is not a trusted proxy", () => {
    expect(clientIp(request({ "x-real-ip": "1.2.3.4" }), "192.0.2.1", ip("x_real_ip"))).toBe("192.0.2.1");
  });

  test("uses the peer address when the header is not an IP address", () => {
    expect(clientIp(request({ "x-real-ip": "evil" }), "10.0.0.5", ip("x_real_ip"))).toBe("10.0.0.5");
  });

  test("ignores X-Forwarded-For", () => {
    expect(clientIp(request({ "x-forwarded-for": "1.2.3.4" }), "10.0.0.5", ip("x_real_ip"))).toBe("10.0.0.5");
  });
});

describe("clientIp address parsing", () => {
  test("rejects IPv4 parts with leading zeros, as Go does", () => {
    expect(clientIp(request({ "x-real-ip": "010.0.0.1" }), "10.0.0.5", ip("x_real_ip"))).toBe("10.0.0.5");
  });

  test("reads an IPv6 address with an embedded IPv4 tail", () => {
    expect(clientIp(request({ "x-real-ip": "64:ff9b::192.0.2.33" }), "10.0.0.5", ip("x_real_ip"))).toBe("64:ff9b::c000:221");
  });

  test("compresses only the longest run of zero groups, and never a single one", () => {
    expect(clientIp(request(), "2001:db8:0:1:0:0:0:1", ip("direct"))).toBe("2001:db8:0:1::1");
    expect(clientIp(request(), "2001:0:0:1:0:0:1:1", ip("direct"))).toBe("2001::1:0:0:1:1");
    expect(clientIp(request(), "2001:db8:1:1:1:1:0:1", ip("direct"))).toBe("2001:db8:1:1:1:1:0:1");
    expect(clientIp(request(), "::", ip("direct"))).toBe("::");
  });

  test("rejects malformed IPv6 addresses", () => {
    for (const bad of ["1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::1", ":1::", "1.2.3.4::"]) {
      expect(clientIp(request({ "x-real-ip": bad }), "10.0.0.5", ip("x_real_ip"))).toBe("10.0.0.5");
    }
  });
});

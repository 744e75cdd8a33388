import { describe, expect, test } from "bun:test";
import { parseListenAddress } from "../../../src/http/listen-address.ts";

describe("Go-style listen addresses", () => {
  test(":8000 listens on every interface", () => {
    expect(parseListenAddress(":8000")).toEqual({ hostname: "0.0.0.0", port: 8000 });
  });

  test("a host and port are kept, IPv6 in brackets too", () => {
    expect(parseListenAddress("127.0.0.1:8001")).toEqual({ hostname: "127.0.0.1", port: 8001 });
    expect(parseListenAddress("[::1]:8001")).toEqual({ hostname: "::1", port: 8001 });
    expect(parseListenAddress("localhost:0")).toEqual({ hostname: "localhost", port: 0 });
  });

  test("anything else is refused with an example of the right form", () => {
    for (const bad of ["8000", "localhost", ":99999", "host:port", ""]) expect(() => parseListenAddress(bad)).toThrow("e.g. :8000");
  });
});

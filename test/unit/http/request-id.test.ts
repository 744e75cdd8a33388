import { describe, expect, test } from "bun:test";
import { requestIdFor } from "../../../src/http/plugins/request-id.ts";

const FRESH_ID = /^[A-Za-z0-9]{32}$/;

describe("the id a request is known by", () => {
  test("reuses a caller's id of visible ASCII up to 128 characters: UUIDs, traceparent, AWS trace ids", () => {
    for (const id of [
      "f47ac10b-58cc-4372-a567-0e02b2c3d479",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
      "x",
      "!".repeat(128),
    ]) {
      expect(requestIdFor(id)).toBe(id);
    }
  });

  test("makes a fresh one when there is none, or it is too long", () => {
    expect(requestIdFor(null)).toMatch(FRESH_ID);
    expect(requestIdFor("")).toMatch(FRESH_ID);
    expect(requestIdFor("a".repeat(129))).toMatch(FRESH_ID);
    expect(requestIdFor(null)).not.toBe(requestIdFor(null));
  });

  test("replaces an id that would break a header or a log line: spaces, control characters, non-ASCII", () => {
    for (const id of ["two words", "tab\there", "line\r\nInjected: yes", "nul\u0000", "del\u007f", "caf\u00e9", "ðŸ˜€", "😀"]) {
      expect(requestIdFor(id)).toMatch(FRESH_ID);
    }
  });
});

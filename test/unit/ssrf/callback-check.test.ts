import { describe, expect, test } from "bun:test";
import { checkCallbackUrl, resolveCallback, systemResolver, type Resolver } from "../../../src/ssrf/callback-check.ts";
import type { WebhookSecurityPolicy } from "../../../src/ssrf/policy.ts";
import { policyWith, tableResolver } from "./helpers.ts";

const WEB = ["http", "https"];
const nowhere: Resolver = async (hostname) => {
  throw new Error(`no lookup expected, got ${hostname}`);
};

async function refusalOf(policy: WebhookSecurityPolicy, url: string, resolve: Resolver = nowhere) {
  const checked = await resolveCallback(policy, url, resolve);
  if (checked.ok) throw new Error(`${url} was allowed`);
  return checked.refusal;
}

async function addressesOf(policy: WebhookSecurityPolicy, url: string, resolve: Resolver = nowhere) {
  const checked = await resolveCallback(policy, url, resolve);
  if (!checked.ok) throw new Error(`${url} was refused: ${checked.refusal.detail}`);
  return checked.callback.addresses;
}

describe("public_only, the default", () => {
  const policy = policyWith({ allowed_schemes: WEB });

  test.each([
    ["http://127.0.0.1/hook", "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires"],
    ["http://[::1]:8080/hook", "IP '::1' is not public (loopback ::1/128), which public_only mode requires"],
    ["http://10.1.2.3/hook", "IP '10.1.2.3' is not public (private 10.0.0.0/8), which public_only mode requires"],
    ["http://169.254.169.254/latest/meta-data/", "IP '169.254.169.254' is a cloud metadata endpoint"],
    [
      "http://[::ffff:127.0.0.1]/hook",
      "IP '::ffff:7f00:1' is not public (loopback 127.0.0.0/8 in IPv4-mapped form), which public_only mode requires",
    ],
    ["http://[fd00::1]/", "IP 'fd00::1' is a cloud metadata endpoint"],
    [
      "http://100.100.100.200/",
      "IP '100.100.100.200' is not public (shared (carrier-grade NAT) 100.64.0.0/10), which public_only mode requires",
    ],
    ["http://0.0.0.0/", "IP '0.0.0.0' is not public (unspecified 0.0.0.0/32), which public_only mode requires"],
  ])("refuses %s without a lookup", async (url, detail) => {
    expect(checkCallbackUrl(policy, url)).toEqual({ code: "ip_not_allowed", reason: detail, detail });
    expect((await refusalOf(policy, url)).detail).toBe(detail);
  });

  test.each(["http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://127.1/", "http://0x7f000001/"])(
    "refuses %s, another spelling of 127.0.0.1",
    (url) => {
      expect(checkCallbackUrl(policy, url)?.detail).toBe(
        "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires",
      );
    },
  );

  test("refuses localhost, which the system resolves to loopback", async () => {
    const refusal = await refusalOf(policy, "http://localhost:8080/hook", systemResolver);
    expect(refusal.code).toBe("ip_not_allowed");
    expect(refusal.detail).toMatch(
      /^resolved IP '(127\.0\.0\.1|::1)' for host 'localhost' is not allowed: IP '.*' is not public \(loopback/,
    );
  });

  test("refuses a host name when any one of its addresses is internal", async () => {
    const resolve = tableResolver({ "mixed.example": ["93.184.216.34", "10.0.0.7"] });
    expect((await refusalOf(policy, "https://mixed.example/hook", resolve)).detail).toBe(
      "resolved IP '10.0.0.7' for host 'mixed.example' is not allowed: IP '10.0.0.7' is not public (private 10.0.0.0/8), which public_only mode requires",
    );
  });

  test("allows a host name whose every address is public, and hands those addresses on", async () => {
    const resolve = tableResolver({ "hooks.example": ["93.184.216.34", "2606:2800:220:1::1"] });
    expect(await addressesOf(policy, "https://hooks.example/hook", resolve)).toEqual(["93.184.216.34", "2606:2800:220:1::1"]);
    expect(await addressesOf(policy, "https://8.8.8.8/hook")).toEqual(["8.8.8.8"]);
    expect(await addressesOf(policy, "https://[2606:4700::1111]/hook")).toEqual(["2606:4700::1111"]);
  });

  test("accepts a host name by name alone when no lookup is made", () => {
    expect(checkCallbackUrl(policy, "https://hooks.example/hook")).toBeUndefined();
  });

  test("refuses metadata host names by name, unless deny_metadata_endpoints is false", () => {
    expect(checkCallbackUrl(policy, "http://Metadata.Google.Internal./computeMetadata/v1/")).toEqual({
      code: "host_not_allowed",
      reason: "host 'metadata.google.internal.' is a cloud metadata endpoint",
      detail: "host 'metadata.google.internal.' is a cloud metadata endpoint",
    });
    expect(checkCallbackUrl(policy, "http://169.254.169.254.nip.io/")?.code).toBe("host_not_allowed");
    expect(
      checkCallbackUrl(policyWith({ allowed_schemes: WEB, deny_metadata_endpoints: false }), "http://metadata.google.internal/"),
    ).toBeUndefined();
  });

  test("without deny_metadata_endpoints the metadata address is still not public", () => {
    const open = policyWith({ allowed_schemes: WEB, deny_metadata_endpoints: false });
    expect(checkCallbackUrl(open, "http://169.254.169.254/")?.detail).toContain("is not public (link-local 169.254.0.0/16)");
  });

  test("ignores allowlists and blocklists, which only custom mode applies", () => {
    const lists = policyWith({
      allowed_schemes: WEB,
      allowed_cidrs: ["127.0.0.0/8"],
      allowed_hosts: ["127.0.0.1"],
      blocked_hosts: ["hooks.example"],
    });
    expect(checkCallbackUrl(lists, "http://127.0.0.1/")?.code).toBe("ip_not_allowed");
    expect(checkCallbackUrl(lists, "https://hooks.example/")).toBeUndefined();
  });

  test("refuses schemes outside allowed_schemes, https alone by default", () => {
    expect(checkCallbackUrl(policyWith(), "http://hooks.example/")?.detail).toBe(
      "callback scheme 'http' is not allowed (allowed_schemes is https)",
    );
    expect(checkCallbackUrl(policyWith({ allowed_schemes: [" HTTPS "] }), "https://hooks.example/")).toBeUndefined();
    expect(checkCallbackUrl(policy, "ftp://hooks.example/")?.code).toBe("invalid_url");
    expect(checkCallbackUrl(policyWith({ allowed_schemes: [] }), "https://hooks.example/")?.detail).toContain("allowed_schemes is empty");
  });

  test("refuses user info and text that is no URL", () => {
    expect(checkCallbackUrl(policy, "https://user:secret@hooks.example/")?.detail).toBe("callback URL must not include user info");
    expect(checkCallbackUrl(policy, "https://hooks.example:99999/")).toEqual({
      code: "invalid_url",
      reason: "'https://hooks.example:99999/' is not a valid URL",
      detail: "'https://hooks.example:99999/' is not a valid URL",
    });
  });

  test("refuses a host name that does not resolve, or resolves to nothing or no address", async () => {
    expect(await refusalOf(policy, "https://gone.example/", tableResolver({}))).toMatchObject({
      code: "unresolvable",
      detail: "host 'gone.example' could not be resolved: getaddrinfo ENOTFOUND gone.example",
    });
    expect((await refusalOf(policy, "https://empty.example/", tableResolver({ "empty.example": [] }))).detail).toBe(
      "host 'empty.example' resolved to no address",
    );
    expect((await refusalOf(policy, "https://odd.example/", tableResolver({ "odd.example": ["fe80::1%eth0"] }))).code).toBe("unresolvable");
  });
});

describe("internal_only", () => {
  const policy = policyWith({ mode: "internal_only", allowed_schemes: WEB });

  test("allows internal addresses and host names resolving to them", async () => {
    expect(await addressesOf(policy, "http://10.0.1.50/webhooks")).toEqual(["10.0.1.50"]);
    expect(await addressesOf(policy, "http://[::1]/")).toEqual(["::1"]);
    expect(await addressesOf(policy, "http://hooks.internal/", tableResolver({ "hooks.internal": ["192.168.1.20"] }))).toEqual([
      "192.168.1.20",
    ]);
  });

  test("refuses public addresses, literal or resolved", async () => {
    expect(checkCallbackUrl(policy, "http://8.8.8.8/")?.detail).toBe("IP '8.8.8.8' is public, which internal_only mode refuses");
    expect((await refusalOf(policy, "http://api.example.com/", tableResolver({ "api.example.com": ["93.184.216.34"] }))).detail).toBe(
      "resolved IP '93.184.216.34' for host 'api.example.com' is not allowed: IP '93.184.216.34' is public, which internal_only mode refuses",
    );
  });

  test("refuses metadata endpoints while deny_metadata_endpoints is true", () => {
    expect(checkCallbackUrl(policy, "http://169.254.169.254/")?.detail).toBe("IP '169.254.169.254' is a cloud metadata endpoint");
    expect(checkCallbackUrl(policy, "http://[::ffff:169.254.169.254]/")?.detail).toContain("is a cloud metadata endpoint");
    expect(
      checkCallbackUrl(
        policyWith({ mode: "internal_only", allowed_schemes: WEB, deny_metadata_endpoints: false }),
        "http://169.254.169.254/",
      ),
    ).toBeUndefined();
  });
});

describe("custom", () => {
  test("a CIDR allowlist allows addresses in it and host names resolving into it", async () => {
    const policy = policyWith({ mode: "custom", allowed_cidrs: ["10.0.0.0/24", "192.168.1.50/32"] });
    expect(await addressesOf(policy, "https://10.0.0.15/webhook")).toEqual(["10.0.0.15"]);
    expect(await addressesOf(policy, "https://hooks.internal/", tableResolver({ "hooks.internal": ["192.168.1.50"] }))).toEqual([
      "192.168.1.50",
    ]);
    expect(checkCallbackUrl(policy, "https://10.0.1.1/")?.detail).toBe("IP '10.0.1.1' is not in the allowed CIDR or host list");
  });

  test("an allowed host name needs its resolved addresses allowed too", async () => {
    const resolve = tableResolver({ "webhook.example.com": ["93.184.216.34"] });
    const hostOnly = policyWith({ mode: "custom", allowed_hosts: ["webhook.example.com"] });
    expect(checkCallbackUrl(hostOnly, "https://webhook.example.com/hook")).toBeUndefined();
    expect((await refusalOf(hostOnly, "https://webhook.example.com/hook", resolve)).detail).toBe(
      "resolved IP '93.184.216.34' for host 'webhook.example.com' is not allowed: IP '93.184.216.34' is not in the allowed CIDR or host list",
    );
    const withCidr = policyWith({ mode: "custom", allowed_hosts: ["webhook.example.com"], allowed_cidrs: ["93.184.216.0/24"] });
    expect(await addressesOf(withCidr, "https://webhook.example.com/hook", resolve)).toEqual(["93.184.216.34"]);
    const withAddress = policyWith({ mode: "custom", allowed_hosts: ["webhook.example.com", "93.184.216.34"] });
    expect(await addressesOf(withAddress, "https://webhook.example.com/hook", resolve)).toEqual(["93.184.216.34"]);
  });

  test("host and domain allowlists refuse every other host by name", () => {
    const policy = policyWith({
      mode: "custom",
      allowed_hosts: ["api.example.com"],
      allowed_domains: ["internal.company.com"],
      allowed_cidrs: ["10.0.0.0/8"],
    });
    expect(checkCallbackUrl(policy, "https://other.example.com/")).toEqual({
      code: "host_not_allowed",
      reason: "host 'other.example.com' is not in allowed_hosts or allowed_domains",
      detail: "host 'other.example.com' is not in allowed_hosts or allowed_domains",
    });
    expect(checkCallbackUrl(policy, "https://a.b.internal.company.com/")).toBeUndefined();
    expect(checkCallbackUrl(policy, "https://internal.company.com/")).toBeUndefined();
    expect(checkCallbackUrl(policy, "https://badinternal.company.com/")?.code).toBe("host_not_allowed");
    // A literal address in an allowed CIDR needs no host entry.
    expect(checkCallbackUrl(policy, "https://10.1.2.3/")).toBeUndefined();
    expect(checkCallbackUrl(policy, "https://11.1.2.3/")?.code).toBe("host_not_allowed");
  });

  test("host entries match the host as the URL parser writes it: any case, trailing dot, punycode", () => {
    const policy = policyWith({ mode: "custom", allowed_hosts: ["Bücher.Example.", "[fd00::5]"], allowed_cidrs: ["0.0.0.0/0"] });
    expect(checkCallbackUrl(policy, "https://BÜCHER.example/hook")).toBeUndefined();
    expect(checkCallbackUrl(policy, "https://xn--bcher-kva.example./hook")).toBeUndefined();
    expect(
      checkCallbackUrl(policyWith({ mode: "custom", allowed_hosts: ["fd00::5"], deny_metadata_endpoints: false }), "https://[fd00:0::5]/"),
    ).toBeUndefined();
  });

  test("blocklists narrow an allowlist of another category", () => {
    const policy = policyWith({
      mode: "custom",
      allowed_domains: ["example.com"],
      allowed_cidrs: ["93.184.216.0/24"],
      blocked_hosts: ["suspicious.example.com"],
    });
    expect(checkCallbackUrl(policy, "https://api.example.com/webhooks")).toBeUndefined();
    expect(checkCallbackUrl(policy, "https://suspicious.example.com/")?.detail).toBe("host 'suspicious.example.com' is in blocked_hosts");
    const domains = policyWith({
      mode: "custom",
      allowed_hosts: ["api.example.com", "x.blocked.example.com"],
      blocked_domains: ["blocked.example.com"],
    });
    expect(checkCallbackUrl(domains, "https://x.blocked.example.com/")?.detail).toBe(
      "host 'x.blocked.example.com' is in blocked domain 'blocked.example.com'",
    );
    const cidrs = policyWith({ mode: "custom", allowed_hosts: ["hooks.example"], blocked_cidrs: ["10.0.0.0/8"] });
    expect(checkCallbackUrl(cidrs, "https://hooks.example/")).toBeUndefined();
  });

  test("skip_resolved_ip_validation trusts the addresses of allowlisted names only, never blocked or metadata ones", async () => {
    const resolve = tableResolver({
      "webhook.example.com": ["10.9.8.7"],
      "meta.example.com": ["169.254.169.254"],
      "other.example": ["10.9.8.7"],
    });
    const policy = policyWith({
      mode: "custom",
      allowed_hosts: ["webhook.example.com", "meta.example.com"],
      skip_resolved_ip_validation: true,
    });
    expect(await addressesOf(policy, "https://webhook.example.com/", resolve)).toEqual(["10.9.8.7"]);
    expect((await refusalOf(policy, "https://meta.example.com/", resolve)).detail).toContain("is a cloud metadata endpoint");
    expect((await refusalOf(policy, "https://other.example/", resolve)).code).toBe("host_not_allowed");
    const blocked = policyWith({
      mode: "custom",
      allowed_hosts: ["webhook.example.com"],
      blocked_cidrs: ["10.0.0.0/8"],
      skip_resolved_ip_validation: true,
    });
    expect((await refusalOf(blocked, "https://webhook.example.com/", resolve)).detail).toBe(
      "resolved IP '10.9.8.7' for host 'webhook.example.com' is not allowed: IP '10.9.8.7' is in blocked CIDR '10.0.0.0/8'",
    );
    // With a CIDR allowlist alone no name was allowlisted, so the addresses are still checked.
    const cidrOnly = policyWith({ mode: "custom", allowed_cidrs: ["192.168.0.0/16"], skip_resolved_ip_validation: true });
    expect((await refusalOf(cidrOnly, "https://webhook.example.com/", resolve)).code).toBe("ip_not_allowed");
  });

  test("metadata endpoints stay refused even inside an allowed range", () => {
    const policy = policyWith({ mode: "custom", allowed_cidrs: ["169.254.0.0/16"] });
    expect(checkCallbackUrl(policy, "https://169.254.169.254/")?.detail).toBe("IP '169.254.169.254' is a cloud metadata endpoint");
    expect(checkCallbackUrl(policy, "https://169.254.1.1/")).toBeUndefined();
  });
});

describe("insecure", () => {
  test("allows any destination but metadata endpoints and blocked ones", () => {
    const policy = policyWith({
      mode: "insecure",
      allowed_schemes: WEB,
      blocked_cidrs: ["10.0.0.0/8"],
      allowed_hosts: ["ignored.example"],
    });
    expect(checkCallbackUrl(policy, "http://127.0.0.1:8080/")).toBeUndefined();
    expect(checkCallbackUrl(policy, "http://anything.example/")).toBeUndefined();
    expect(checkCallbackUrl(policy, "http://10.0.0.1/")?.detail).toBe("IP '10.0.0.1' is in blocked CIDR '10.0.0.0/8'");
    expect(checkCallbackUrl(policy, "http://169.254.169.254/")?.code).toBe("ip_not_allowed");
  });
});

describe("sanitize_errors", () => {
  test("answers the generic reason of each kind and keeps the detail for the log", async () => {
    const policy = policyWith({ allowed_schemes: WEB, sanitize_errors: true });
    expect(checkCallbackUrl(policy, "http://10.0.0.5/")).toEqual({
      code: "ip_not_allowed",
      reason: "callback destination not allowed",
      detail: "IP '10.0.0.5' is not public (private 10.0.0.0/8), which public_only mode requires",
    });
    expect(checkCallbackUrl(policy, "http://metadata.goog/")?.reason).toBe("callback URL not allowed");
    expect(checkCallbackUrl(policy, "gopher://hooks.example/")?.reason).toBe("callback URL validation failed");
    expect((await refusalOf(policy, "https://gone.example/", tableResolver({}))).reason).toBe("callback URL validation failed");
  });
});

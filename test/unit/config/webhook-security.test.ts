import { describe, expect, test } from "bun:test";
import { lineFor, load, problemLines, VALID_BASE } from "./helpers.ts";

const security = (yaml: string) => `${VALID_BASE}webhooks:\n  security:\n${yaml.replace(/^/gm, "    ")}\n`;
const withHooks = (securityYaml: string, ...callbacks: string[]) =>
  `${security(securityYaml)}  enabled: true\n  hooks:\n${callbacks.map((c) => `    - callback: "${c}"\n      events: [user]\n`).join("")}`;
const linesOf = (yaml: string, env: Record<string, string> = {}) => problemLines(yaml, env);
const warningsOf = (yaml: string) => load(yaml).warnings;

describe("webhooks.security rules", () => {
  test("Hanko's defaults are valid and warn about nothing", () => {
    const { config, warnings } = load(VALID_BASE);
    expect(config.webhooks.security.mode).toBe("public_only");
    expect(warnings.filter((w) => w.startsWith("webhooks"))).toEqual([]);
  });

  test("custom mode needs an allowlist", () => {
    expect(lineFor(linesOf(security("mode: custom\nblocked_hosts: [evil.example]")), "webhooks.security.mode")).toBe(
      "  - webhooks.security.mode: is custom, but no allowlist is set; list the allowed destinations in allowed_hosts, allowed_domains or allowed_cidrs (insecure mode allows every destination)",
    );
    for (const list of ["allowed_hosts: [a.example]", "allowed_domains: [example.com]", "allowed_cidrs: [10.0.0.0/8]"]) {
      expect(load(security(`mode: custom\n${list}`)).config.webhooks.security.mode).toBe("custom");
    }
  });

  test.each(["hosts", "domains", "cidrs"])("custom mode refuses allowed_%s and blocked_%s together", (category) => {
    const entry = category === "cidrs" ? "10.0.0.0/8" : "a.example.com";
    const lines = linesOf(security(`mode: custom\nallowed_${category}: ["${entry}"]\nblocked_${category}: ["${entry}"]`));
    expect(lineFor(lines, `webhooks.security.blocked_${category}`)).toBe(
      `  - webhooks.security.blocked_${category}: is set together with allowed_${category}; use either an allowlist or a blocklist of ${category}, not both`,
    );
  });

  test("allow and block lists of different categories go together", () => {
    const yaml = security("mode: custom\nallowed_hosts: [api.example.com, 93.184.216.34]\nblocked_domains: [blocked.example.com]");
    expect(load(yaml).config.webhooks.security.blocked_domains).toEqual(["blocked.example.com"]);
  });

  test("allowed_schemes holds http and https only", () => {
    const lines = linesOf(security('allowed_schemes: [https, " HTTP ", ftp]'));
    expect(lineFor(lines, "webhooks.security.allowed_schemes[2]")).toBe(
      '  - webhooks.security.allowed_schemes[2]: "ftp" is not a web scheme; use http or https',
    );
    expect(lines.filter((line) => line.includes("allowed_schemes"))).toHaveLength(1);
  });

  test("max_redirects is 0 unless follow_redirects is true, and never negative", () => {
    expect(lineFor(linesOf(security("max_redirects: 3")), "webhooks.security.max_redirects")).toBe(
      "  - webhooks.security.max_redirects: is 3 while follow_redirects is false; set it to 0, or set follow_redirects to true",
    );
    expect(lineFor(linesOf(security("follow_redirects: true\nmax_redirects: -1")), "webhooks.security.max_redirects")).toContain(
      "is -1; use 0 or more",
    );
    expect(load(security("follow_redirects: true\nmax_redirects: 3")).config.webhooks.security.max_redirects).toBe(3);
  });

  test("entries of the lists custom mode applies must be hosts, domains and CIDR ranges", () => {
    const lines = linesOf(
      security(
        'mode: custom\nallowed_hosts: [ok.example, " ", "hooks.example:8443"]\nallowed_domains: [example.com, "10.0.0.1", "https://example.org"]\nallowed_cidrs: [10.0.0.0/8, 10.0.0.1, 300.0.0.0/8]',
      ),
    );
    expect(lineFor(lines, "webhooks.security.allowed_hosts[1]")).toContain('" " is no host name or IP address');
    expect(lineFor(lines, "webhooks.security.allowed_hosts[2]")).toContain('"hooks.example:8443" is no host name or IP address');
    expect(lineFor(lines, "webhooks.security.allowed_domains[1]")).toContain('"10.0.0.1" is no domain name');
    expect(lineFor(lines, "webhooks.security.allowed_domains[2]")).toContain("without scheme or port");
    expect(lineFor(lines, "webhooks.security.allowed_cidrs[1]")).toBe(
      '  - webhooks.security.allowed_cidrs[1]: "10.0.0.1" is not a CIDR range; use e.g. 10.0.0.0/24, 192.168.1.50/32 or fd00::/8',
    );
    expect(lineFor(lines, "webhooks.security.allowed_cidrs[2]")).toContain('"300.0.0.0/8"');
    expect(lines).toHaveLength(6);
  });

  test("insecure mode checks its blocklists", () => {
    expect(lineFor(linesOf(security("mode: insecure\nblocked_cidrs: [nope]")), "webhooks.security.blocked_cidrs[0]")).toContain(
      "is not a CIDR range",
    );
  });

  test("an unknown mode is refused by the schema", () => {
    expect(lineFor(linesOf(security("mode: open")), "webhooks.security.mode")).toContain("public_only");
  });

  test("the section is checked while webhooks are disabled, since database hooks are called regardless", () => {
    expect(lineFor(linesOf(`${security("mode: custom")}  enabled: false\n`), "webhooks.security.mode")).toContain("no allowlist");
  });

  test("each setting has Hanko's environment variable", () => {
    const { config } = load(VALID_BASE, {
      WEBHOOKS_SECURITY_MODE: "custom",
      WEBHOOKS_SECURITY_ALLOWEDCIDRS: "10.0.0.0/8,192.168.0.0/16",
      WEBHOOKS_SECURITY_FOLLOWREDIRECTS: "true",
      WEBHOOKS_SECURITY_MAXREDIRECTS: "2",
      WEBHOOKS_SECURITY_SANITIZEERRORS: "false",
    });
    expect(config.webhooks.security).toMatchObject({
      mode: "custom",
      allowed_cidrs: ["10.0.0.0/8", "192.168.0.0/16"],
      follow_redirects: true,
      max_redirects: 2,
      sanitize_errors: false,
    });
    expect(lineFor(linesOf(VALID_BASE, { WEBHOOKS_SECURITY_MODE: "custom" }), "webhooks.security.mode")).toContain(
      "(set by environment variable WEBHOOKS_SECURITY_MODE)",
    );
  });
});

describe("webhooks.security warnings", () => {
  test.each(["public_only", "internal_only"])("%s warns about each list it ignores, without checking it", (mode) => {
    const warnings = warningsOf(security(`mode: ${mode}\nallowed_hosts: [a.example]\nblocked_cidrs: [not-a-cidr]`));
    expect(warnings).toEqual([
      `webhooks.security.allowed_hosts is set but ignored: ${mode} mode applies no host, domain or CIDR list`,
      `webhooks.security.blocked_cidrs is set but ignored: ${mode} mode applies no host, domain or CIDR list`,
    ]);
  });

  test("insecure mode warns about allowlists, which it does not need, and applies blocklists", () => {
    expect(warningsOf(security("mode: insecure\nallowed_cidrs: [10.0.0.0/8]\nblocked_hosts: [evil.example]"))).toEqual([
      "webhooks.security.allowed_cidrs is set but ignored: insecure mode allows every destination but the blocked ones",
    ]);
  });

  test("skip_resolved_ip_validation warns outside custom mode and without host or domain allowlists", () => {
    expect(warningsOf(security("skip_resolved_ip_validation: true"))).toEqual([
      "webhooks.security.skip_resolved_ip_validation is set but ignored: it applies in custom mode only",
    ]);
    expect(warningsOf(security("mode: custom\nallowed_cidrs: [10.0.0.0/8]\nskip_resolved_ip_validation: true"))).toEqual([
      "webhooks.security.skip_resolved_ip_validation is set but ignored: it trusts the addresses of hosts matched by allowed_hosts or allowed_domains, and neither is set",
    ]);
    expect(warningsOf(security("mode: custom\nallowed_hosts: [hooks.example]\nskip_resolved_ip_validation: true"))).toEqual([]);
  });

  test("follow_redirects with max_redirects 0 warns that nothing is followed", () => {
    expect(warningsOf(security("follow_redirects: true"))).toEqual([
      "webhooks.security.follow_redirects is set but ignored: max_redirects is 0, so no redirect is followed",
    ]);
  });
});

describe("configured callbacks", () => {
  test.each([
    ["http://127.0.0.1/hook", "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires"],
    ["http://[::1]/hook", "IP '::1' is not public (loopback ::1/128), which public_only mode requires"],
    ["http://10.0.0.8/hook", "IP '10.0.0.8' is not public (private 10.0.0.0/8), which public_only mode requires"],
    ["http://169.254.169.254/latest/meta-data/", "IP '169.254.169.254' is a cloud metadata endpoint"],
    ["http://[::ffff:127.0.0.1]/hook", "IP '::ffff:7f00:1' is not public (loopback 127.0.0.0/8 in IPv4-mapped form)"],
    ["http://2130706433/hook", "IP '127.0.0.1' is not public (loopback 127.0.0.0/8)"],
    ["http://0x7f.1/hook", "IP '127.0.0.1' is not public (loopback 127.0.0.0/8)"],
  ])("%s stops start-up, naming the hook's key and the reason", (callback, reason) => {
    const line = lineFor(
      linesOf(withHooks("allowed_schemes: [http, https]", "https://ok.example/hook", callback)),
      "webhooks.hooks[1].callback",
    );
    expect(line).toStartWith(`  - webhooks.hooks[1].callback: "${callback}" is refused by webhooks.security: ${reason}`);
    expect(line).toEndWith("; point it at a destination webhooks.security allows, or change webhooks.security");
  });

  test("the default allowed_schemes refuse plain http", () => {
    expect(lineFor(linesOf(withHooks("mode: public_only", "http://hooks.example/x")), "webhooks.hooks[0].callback")).toContain(
      "callback scheme 'http' is not allowed (allowed_schemes is https)",
    );
  });

  test("host names are checked by name only: localhost loads, and delivery refuses it after resolving", () => {
    expect(load(withHooks("allowed_schemes: [https]", "https://localhost/hook")).config.webhooks.hooks).toHaveLength(1);
    expect(lineFor(linesOf(withHooks("{}", "https://metadata.google.internal/")), "webhooks.hooks[0].callback")).toContain(
      "host 'metadata.google.internal' is a cloud metadata endpoint",
    );
  });

  test("the reason is the detail even when sanitize_errors hides it from API clients", () => {
    expect(lineFor(linesOf(withHooks("sanitize_errors: true", "https://10.0.0.1/")), "webhooks.hooks[0].callback")).toContain(
      "private 10.0.0.0/8",
    );
  });

  test("custom mode loads callbacks its allowlist covers and refuses others", () => {
    const allow = "mode: custom\nallowed_schemes: [http]\nallowed_cidrs: [127.0.0.1/32]";
    expect(load(withHooks(allow, "http://127.0.0.1:8080/hook")).config.webhooks.hooks).toHaveLength(1);
    expect(lineFor(linesOf(withHooks(allow, "http://127.0.0.2/hook")), "webhooks.hooks[0].callback")).toContain(
      "IP '127.0.0.2' is not in the allowed CIDR or host list",
    );
  });

  test("callbacks are not judged by a policy that is itself invalid", () => {
    const lines = linesOf(withHooks("mode: custom", "https://hooks.example/"));
    expect(lines.map((line) => line.split(":")[0])).toEqual(["  - webhooks.security.mode"]);
  });

  test("disabled webhooks leave their callbacks unchecked, as before", () => {
    const yaml = `${VALID_BASE}webhooks:\n  enabled: false\n  hooks:\n    - callback: "http://127.0.0.1/"\n      events: [user]\n`;
    expect(load(yaml).config.webhooks.hooks).toHaveLength(1);
  });
});

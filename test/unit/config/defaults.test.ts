import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { load } from "./helpers.ts";

// Runs `run` in an empty directory, where ./config/config.yaml does not exist.
function inEmptyDirectory<T>(run: () => T): T {
  const previous = process.cwd();
  process.chdir(mkdtempSync(join(tmpdir(), "hanko-config-cwd-")));
  try {
    return run();
  } finally {
    process.chdir(previous);
  }
}

describe("defaults", () => {
  test("without a config file the defaults are used and a warning says the file is missing", () => {
    const { config, warnings } = inEmptyDirectory(() => loadConfig({ env: {} }));
    expect(config).toEqual(defaultConfig());
    expect(warnings).toEqual(['configuration file "./config/config.yaml" not found, using defaults and environment variables']);
  });

  test("the defaults are Hanko runtime defaults for the top level, account, privacy, service and log", () => {
    const c = defaultConfig();
    expect(c.convert_legacy_config).toBe(false);
    expect(c.convert_legacy_server_side_session_config).toBe(true);
    expect(c.debug).toBe(false);
    expect(c.account).toEqual({ allow_deletion: false, allow_signup: true });
    expect(c.privacy).toEqual({ show_account_existence_hints: false, only_show_actual_login_methods: false });
    expect(c.service.name).toBe("Hanko Authentication Service");
    expect(c.log).toEqual({ log_health_and_metrics: false, format: "json" });
  });

  test("the defaults are Hanko runtime defaults for server, database and secrets", () => {
    const c = defaultConfig();
    expect(c.server.public).toEqual({
      address: ":8000",
      cors: { allow_origins: ["http://localhost:8888"], unsafe_wildcard_origin_allowed: false },
    });
    expect(c.server.admin.address).toBe(":8001");
    expect(c.server.admin.cors.allow_origins).toEqual([]);
    expect(c.server.admin.api_keys).toEqual([]);
    expect(c.server.ip).toEqual({ extractor: "direct", trusted_proxies: [] });
    expect(c.database).toEqual({
      url: "",
      dialect: "postgres",
      host: "localhost",
      port: "5432",
      database: "hanko",
      user: "hanko",
      password: "hanko",
    });
    expect(c.secrets).toEqual({
      keys: ["abcedfghijklmnopqrstuvwxyz"],
      key_management: { type: "local", key_id: "", region: "" },
    });
  });

  test("the defaults are Hanko runtime defaults for session", () => {
    const s = defaultConfig().session;
    expect(s.lifespan).toBe("12h");
    expect(s.audience).toEqual([]);
    expect(s.issuer).toBe("");
    expect(s.limit).toBe(5);
    expect([s.allow_revocation, s.show_on_profile, s.acquire_ip_address, s.acquire_user_agent]).toEqual([true, true, true, true]);
    expect(s.enable_auth_token_header).toBe(false);
    expect(s.cookie).toEqual({ name: "hanko", domain: "", http_only: true, secure: true, same_site: "strict", retention: "persistent" });
    expect(s.jwt_template).toEqual({ claims: {} });
  });

  test("the defaults are Hanko runtime defaults for email, delivery and the deprecated blocks", () => {
    const c = defaultConfig();
    expect(c.email).toEqual({
      enabled: true,
      optional: false,
      acquire_on_registration: true,
      acquire_on_login: true,
      require_verification: true,
      limit: 5,
      max_length: 120,
      use_as_login_identifier: true,
      use_for_authentication: true,
      passcode_ttl: 300,
      passcode_charset: "numeric",
    });
    expect(c.email_delivery).toEqual({
      enabled: true,
      from_address: "noreply@hanko.io",
      from_name: "Hanko",
      smtp: { host: "localhost", port: "465", user: "", password: "" },
      transport: "smtp",
    });
    expect(c.smtp).toEqual({ host: "localhost", port: "465", user: "", password: "" });
    expect(c.passcode.ttl).toBe(300);
    expect(c.emails).toEqual({ require_verification: true, max_num_of_addresses: 5 });
  });

  test("the defaults are Hanko runtime defaults for credentials and MFA", () => {
    const c = defaultConfig();
    expect(c.password).toEqual({
      enabled: true,
      optional: false,
      acquire_on_registration: "always",
      acquire_on_login: "never",
      recovery: true,
      min_length: 8,
      min_password_length: 0,
    });
    expect(c.username).toEqual({
      enabled: false,
      optional: true,
      acquire_on_registration: true,
      acquire_on_login: true,
      use_as_login_identifier: true,
      min_length: 3,
      max_length: 32,
    });
    expect(c.passkey).toEqual({
      enabled: true,
      optional: true,
      acquire_on_registration: "always",
      acquire_on_login: "always",
      user_verification: "preferred",
      attestation_preference: "direct",
      limit: 10,
    });
    expect(c.webauthn).toEqual({
      relying_party: { id: "localhost", display_name: "Hanko Authentication Service", origins: ["http://localhost:8888"], icon: "" },
      timeouts: { registration: 600000, login: 600000 },
      timeout: 600000,
      user_verification: "preferred",
    });
    expect(c.mfa.device_trust_policy).toBe("prompt");
    expect(c.mfa.device_trust_duration).toBe("720h");
    expect(c.mfa.device_trust_max_users_per_device).toBe(20);
    expect(c.mfa.security_keys).toEqual({
      enabled: true,
      limit: 10,
      user_verification: "discouraged",
      attestation_preference: "direct",
      authenticator_attachment: "cross-platform",
    });
  });

  test("the defaults are Hanko runtime defaults for the features we do not implement yet", () => {
    const c = defaultConfig();
    expect(c.third_party.providers.google).toEqual({ enabled: false, client_id: "", secret: "", allow_linking: true, prompt: "" });
    expect(c.third_party.custom_providers).toEqual({});
    expect(c.saml.enabled).toBe(false);
    expect(c.saml.identity_providers).toEqual([]);
    expect(c.audit_log).toEqual({
      console_output: { enabled: true, output: "stdout" },
      storage: { enabled: false },
      mask: true,
      retention: "720h",
    });
    expect(c.rate_limiter.enabled).toBe(true);
    expect(c.rate_limiter.store).toBe("in_memory");
    expect(c.rate_limiter.sqlite_path).toBe("./hanko-ratelimit.sqlite");
    expect(c.rate_limiter.passcode_limits).toEqual({ tokens: 3, interval: "1m" });
    expect(c.rate_limiter.otp_limits).toEqual({ tokens: 3, interval: "1m" });
    expect(c.rate_limiter.token_limits).toEqual({ tokens: 3, interval: "1m" });
    // Ours, per client address.
    expect(c.rate_limiter.flow_creation_limits).toEqual({ tokens: 100, interval: "1m" });
    expect(c.rate_limiter.email_limits).toEqual({ tokens: 20, interval: "10m" });
    expect(c.rate_limiter.password_ip_limits).toEqual({ tokens: 5, interval: "15s" });
    expect(c.flow_locker).toEqual({ enabled: true, store: "in_memory", redis_config: { address: "", password: "" }, ttl: "15s" });
    expect(c.webhooks).toEqual({
      enabled: false,
      allow_time_expiration: false,
      security: {
        mode: "public_only",
        allowed_schemes: ["https"],
        follow_redirects: false,
        max_redirects: 0,
        skip_resolved_ip_validation: false,
        allowed_hosts: [],
        allowed_domains: [],
        allowed_cidrs: [],
        blocked_hosts: [],
        blocked_domains: [],
        blocked_cidrs: [],
        deny_metadata_endpoints: true,
        sanitize_errors: true,
      },
      hooks: [],
      retry_for: "24h",
    });
    expect(Object.values(c.security_notifications.notifications).every((n) => n.enabled)).toBe(true);
    expect(Object.keys(c.security_notifications.notifications)).toHaveLength(7);
  });

  test("where Hanko JSON schema and Go code disagree the runtime value is the default", () => {
    const c = defaultConfig();
    expect(c.log.log_health_and_metrics).toBe(false); // schema: true
    expect(c.email.acquire_on_login).toBe(true); // schema: false
    expect(c.email.max_length).toBe(120); // schema: 100
    expect(c.mfa.device_trust_cookie_name).toBe("hanko-device-token"); // schema: hanko_device_token
    expect(c.rate_limiter.password_limits.tokens).toBe(5); // schema: 3
    expect(c.webauthn.timeout).toBe(600000); // schema: 60000
    expect(c.session.cookie.domain).toBe(""); // schema: hanko
    expect(c.session.idle_timeout).toBe(""); // schema: "0"
    expect(c.session.server_side.limit).toBe(0); // schema: 100
    expect(c.password.min_password_length).toBe(0); // schema: 8
    expect(c.flow_locker.ttl).toBe("15s"); // schema: 30s
    expect(c.saml.options.sign_authn_requests).toBe(false); // schema: true
    expect(c.saml.options.validate_encryption_cert).toBe(false); // schema: true
    expect(c.server.public.address).toBe(":8000");
    expect(c.server.admin.address).toBe(":8001");
    expect(c.service.name).toBe("Hanko Authentication Service");
    expect(c.secrets.keys).toEqual(["abcedfghijklmnopqrstuvwxyz"]);
    for (const provider of Object.values(c.third_party.providers)) expect(provider.allow_linking).toBe(true);
  });

  test("a custom provider that sets nothing else gets use_discovery false, as in Hanko", () => {
    const { config } = load("third_party:\n  custom_providers:\n    acme:\n      enabled: false\n");
    expect(config.third_party.custom_providers.acme?.use_discovery).toBe(false);
    expect(config.third_party.custom_providers.acme?.allow_linking).toBe(false);
    expect(config.third_party.custom_providers.acme?.attribute_mapping).toEqual({});
  });
});

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { parse } from "yaml";
import { parseDuration } from "../../../src/gocompat/duration.ts";
import { ConfigError, ConfigFileError } from "../../../src/config/errors.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { configErrorOf, lineFor, load, problemLines, writeYaml } from "./helpers.ts";

describe("reading config.yaml", () => {
  test("a YAML file overrides the keys it sets and keeps every other default", () => {
    const { config, warnings } = load(`
service:
  name: Example Login
session:
  lifespan: 1h
password:
  min_length: 12
`);
    expect(warnings).toEqual([]);
    expect(config.service.name).toBe("Example Login");
    expect(config.session.lifespan).toBe("1h");
    expect(config.password.min_length).toBe(12);
    const expected = defaultConfig();
    expected.service.name = "Example Login";
    expected.session.lifespan = "1h";
    expected.password.min_length = 12;
    expect(config).toEqual(expected);
  });

  test("a list in YAML replaces the default list instead of extending it", () => {
    const { config } = load(`
secrets:
  keys:
    - first-secret-of-enough-length
server:
  public:
    cors:
      allow_origins:
        - https://app.example.com
        - https://admin.example.com
`);
    expect(config.secrets.keys).toEqual(["first-secret-of-enough-length"]);
    expect(config.server.public.cors.allow_origins).toEqual(["https://app.example.com", "https://admin.example.com"]);
  });

  test("keys match case-insensitively, as in Hanko", () => {
    const { config, warnings } = load(`
Service:
  NAME: Shouting Service
SESSION:
  Lifespan: 2h
  Cookie:
    Same_Site: lax
`);
    expect(warnings).toEqual([]);
    expect(config.service.name).toBe("Shouting Service");
    expect(config.session.lifespan).toBe("2h");
    expect(config.session.cookie.same_site).toBe("lax");
  });

  test("an exactly spelled key wins over a differently cased duplicate, which is reported as unknown", () => {
    const { config, warnings } = load("service:\n  NAME: upper\n  name: exact\n");
    expect(config.service.name).toBe("exact");
    expect(warnings).toEqual(['unknown configuration key "service.NAME" is ignored']);
  });

  test("strings and numbers become booleans by weak typing", () => {
    const { config } = load(`
account:
  allow_deletion: "true"
  allow_signup: 0
debug: T
email:
  optional: 1
  enabled: ""
`);
    expect(config.account.allow_deletion).toBe(true);
    expect(config.account.allow_signup).toBe(false);
    expect(config.debug).toBe(true);
    expect(config.email.optional).toBe(true);
    expect(config.email.enabled).toBe(false);
  });

  test("numbers and booleans become strings by weak typing", () => {
    const { config } = load(`
database:
  port: 5432
email_delivery:
  smtp:
    port: 2500
service:
  name: 42
session:
  issuer: true
`);
    expect(config.database.port).toBe("5432");
    expect(config.email_delivery.smtp.port).toBe("2500");
    expect(config.service.name).toBe("42");
    expect(config.session.issuer).toBe("1");
  });

  test("numeric strings and booleans become integers, with Go base prefixes", () => {
    const { config } = load(`
password:
  min_length: "10"
email:
  limit: "0x10"
  passcode_ttl: "1_200"
passkey:
  limit: true
`);
    expect(config.password.min_length).toBe(10);
    expect(config.email.limit).toBe(16);
    expect(config.email.passcode_ttl).toBe(1200);
    expect(config.passkey.limit).toBe(1);
  });

  test("a single value where a list is expected becomes a one-element list", () => {
    const { config } = load(`
secrets:
  keys: one-single-secret-long-enough
webauthn:
  relying_party:
    origins: https://login.example.com
`);
    expect(config.secrets.keys).toEqual(["one-single-secret-long-enough"]);
    expect(config.webauthn.relying_party.origins).toEqual(["https://login.example.com"]);
  });

  test("an empty mapping where a list is expected becomes an empty list", () => {
    const { config } = load("session:\n  audience: {}\n");
    expect(config.session.audience).toEqual([]);
  });

  test("a YAML number for a Go duration is nanoseconds", () => {
    const { config } = load(`
rate_limiter:
  otp_limits:
    interval: 60000000000
flow_locker:
  ttl: 0
mfa:
  device_trust_duration: 3600000000000
`);
    expect(config.rate_limiter.otp_limits.interval).toBe("60000000000ns");
    expect(parseDuration(config.rate_limiter.otp_limits.interval)).toBe(60_000);
    expect(config.flow_locker.ttl).toBe("0ns");
    expect(parseDuration(config.mfa.device_trust_duration)).toBe(3_600_000);
  });

  test("a YAML number for session.lifespan is not a duration, because Hanko reads that key as text", () => {
    const line = lineFor(problemLines("session:\n  lifespan: 3600\n"), "session.lifespan");
    expect(line).toBe('  - session.lifespan: "3600" is not a duration; use a Go duration such as 12h, 30m or 1h30m');
  });

  test("a key without a value keeps its default", () => {
    const { config } = load("secrets:\n  keys:\nsession:\n");
    expect(config.secrets.keys).toEqual(["abcedfghijklmnopqrstuvwxyz"]);
    expect(config.session).toEqual(defaultConfig().session);
  });

  test("an empty file means defaults", () => {
    const { config } = load("");
    expect(config).toEqual(defaultConfig());
  });

  test("YAML anchors and merge keys work as in Hanko", () => {
    const { config } = load(`
x-limits: &limits
  tokens: 7
  interval: 2m
rate_limiter:
  otp_limits: *limits
  token_limits:
    <<: *limits
    tokens: 9
`);
    expect(config.rate_limiter.otp_limits).toEqual({ tokens: 7, interval: "2m" });
    expect(config.rate_limiter.token_limits).toEqual({ tokens: 9, interval: "2m" });
  });
});

describe("unknown keys", () => {
  test("each unknown key is ignored with a warning naming its full path", () => {
    const { config, warnings } = load(`
server:
  public:
    adress: ":9000"
webhooks:
  security:
    modus: public_only
saml:
  identity_providers:
    - name: Corp
      colour: blue
totally_unknown: 1
`);
    expect(config.server.public.address).toBe(":8000");
    expect(warnings).toEqual([
      'unknown configuration key "server.public.adress" is ignored',
      'unknown configuration key "webhooks.security.modus" is ignored',
      'unknown configuration key "saml.identity_providers[0].colour" is ignored',
      'unknown configuration key "totally_unknown" is ignored',
    ]);
  });

  test("the display_name and id of built-in providers cannot be set from YAML", () => {
    const { warnings } = load("third_party:\n  providers:\n    google:\n      display_name: Gmail\n");
    expect(warnings).toEqual(['unknown configuration key "third_party.providers.google.display_name" is ignored']);
  });

  test("keys of JWT claims are free-form and never warned about", () => {
    const { config, warnings } = load("session:\n  jwt_template:\n    claims:\n      https://example.com/roles: [a]\n");
    expect(warnings).toEqual([]);
    expect(config.session.jwt_template.claims).toEqual({ "https://example.com/roles": ["a"] });
  });
});

describe("files that cannot be used", () => {
  test("a missing explicitly named file is an error naming the path", () => {
    const path = join(writeYaml(""), "..", "does-not-exist.yaml");
    const error = configErrorOf(() => loadConfig({ path, env: {} }));
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.message).toContain(path);
  });

  test("invalid YAML is an error naming the file and the line", () => {
    const path = writeYaml("service:\n  name: [unclosed\n");
    const error = configErrorOf(() => loadConfig({ path, env: {} }));
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/line \d+/);
  });

  test("a duplicate key is an error as in Hanko", () => {
    const error = configErrorOf(() => load("debug: true\ndebug: false\n"));
    expect(error).toBeInstanceOf(ConfigFileError);
  });

  test("a document that is not a mapping is an error", () => {
    const error = configErrorOf(() => load("- a\n- b\n"));
    expect(error.message).toContain("not a mapping");
  });

  test("a mapping where a section value is expected is reported with its key", () => {
    const lines = problemLines("server: 5\nservice:\n  name:\n    nested: true\n");
    expect(lineFor(lines, "server")).toBe("  - server: 5 is not a mapping; use a mapping of keys to values");
    expect(lineFor(lines, "service.name")).toBe("  - service.name: a mapping is not a string; use a string");
  });

  test("a validation failure names the config file in its header", () => {
    const path = writeYaml('service:\n  name: " "\n');
    const error = configErrorOf(() => loadConfig({ path, env: {} }));
    expect(error.message.split("\n")[0]).toBe(`invalid configuration (${path}):`);
  });
});

describe("post-processing", () => {
  test("convert_legacy_config copies every deprecated key onto its replacement", () => {
    const { config } = load(`
convert_legacy_config: true
emails:
  max_num_of_addresses: 3
  require_verification: false
passcode:
  ttl: 600
smtp:
  host: smtp.example.com
  port: "587"
  user: mailer
  password: secret
password:
  min_password_length: 10
webauthn:
  timeout: 120000
  user_verification: required
`);
    expect(config.email.limit).toBe(3);
    expect(config.email.require_verification).toBe(false);
    expect(config.email.passcode_ttl).toBe(600);
    expect(config.email_delivery.smtp).toEqual({ host: "smtp.example.com", port: "587", user: "mailer", password: "secret" });
    expect(config.password.min_length).toBe(10);
    expect(config.passkey.user_verification).toBe("required");
    expect(config.webauthn.timeouts).toEqual({ login: 120000, registration: 120000 });
  });

  test("convert_legacy_config copies unset deprecated keys too, so min_length becomes 0 with a warning", () => {
    const { config, warnings } = load("convert_legacy_config: true\npassword:\n  min_length: 12\n");
    expect(config.password.min_length).toBe(0);
    expect(warnings.some((w) => w.includes("password.min_length"))).toBe(true);
  });

  test("without convert_legacy_config the deprecated keys change nothing", () => {
    const { config } = load("passcode:\n  ttl: 900\nemails:\n  max_num_of_addresses: 1\n");
    expect(config.email.passcode_ttl).toBe(300);
    expect(config.email.limit).toBe(5);
  });

  test("legacy server-side session settings are copied when session.server_side is enabled", () => {
    const { config } = load(`
session:
  limit: 2
  allow_revocation: false
  show_on_profile: false
  acquire_ip_address: false
  acquire_user_agent: false
  server_side:
    enabled: true
    limit: 50
`);
    expect(config.session.limit).toBe(50);
    expect([
      config.session.allow_revocation,
      config.session.show_on_profile,
      config.session.acquire_ip_address,
      config.session.acquire_user_agent,
    ]).toEqual([true, true, true, true]);
  });

  test("convert_legacy_server_side_session_config false leaves the session settings alone", () => {
    const { config } = load(`
convert_legacy_server_side_session_config: false
session:
  limit: 2
  allow_revocation: false
  server_side:
    enabled: true
    limit: 50
`);
    expect(config.session.limit).toBe(2);
    expect(config.session.allow_revocation).toBe(false);
  });

  test("custom provider keys are lower-cased", () => {
    const { config } = load("third_party:\n  custom_providers:\n    MyIdP:\n      display_name: My IdP\n");
    expect(Object.keys(config.third_party.custom_providers)).toEqual(["myidp"]);
    expect(config.third_party.custom_providers.myidp?.display_name).toBe("My IdP");
  });

  test("the SAML endpoint loses its trailing slash", () => {
    const { config } = load("saml:\n  endpoint_url: https://auth.example.com/\n");
    expect(config.saml.endpoint_url).toBe("https://auth.example.com");
  });

  test("an empty passcode_charset means numeric", () => {
    const { config } = load('email:\n  passcode_charset: ""\n');
    expect(config.email.passcode_charset).toBe("numeric");
  });
});

// A production-style file in the shape of Hanko's backend/config/config.yaml and the configuration
// examples in Hanko's documentation.
const FULL_EXAMPLE = `
audit_log:
  console_output:
    enabled: true
    output: stdout
  storage:
    enabled: true
  mask: true
  retention: 2160h
account:
  allow_deletion: true
  allow_signup: true
convert_legacy_config: false
database:
  user: hanko
  password: s3cr3t-db-password
  host: db.internal
  port: "5432"
  dialect: postgres
  database: hanko
debug: false
email:
  enabled: true
  optional: false
  acquire_on_registration: true
  acquire_on_login: false
  require_verification: true
  limit: 5
  use_as_login_identifier: true
  max_length: 100
  use_for_authentication: true
  passcode_ttl: 300
  passcode_charset: alphanumeric
email_delivery:
  enabled: true
  from_address: no-reply@example.com
  from_name: Example
  smtp:
    host: smtp.example.com
    port: "587"
    user: mailer
    password: smtp-password
flow_locker:
  enabled: true
  store: redis
  ttl: 30s
  redis_config:
    address: redis.internal:6379
    password: redis-password
log:
  log_health_and_metrics: true
mfa:
  acquire_on_login: false
  acquire_on_registration: true
  device_trust_cookie_name: hanko-device-token
  device_trust_duration: 720h
  device_trust_policy: prompt
  enabled: true
  optional: true
  security_keys:
    attestation_preference: direct
    authenticator_attachment: cross-platform
    enabled: true
    limit: 10
    user_verification: discouraged
  totp:
    enabled: true
passkey:
  enabled: true
  optional: true
  acquire_on_registration: always
  acquire_on_login: always
  attestation_preference: direct
  user_verification: preferred
  limit: 10
password:
  enabled: true
  optional: false
  acquire_on_registration: always
  acquire_on_login: never
  recovery: true
  min_length: 10
privacy:
  show_account_existence_hints: false
  only_show_actual_login_methods: false
rate_limiter:
  enabled: true
  store: redis
  redis_config:
    address: redis.internal:6379
    password: redis-password
  otp_limits:
    tokens: 3
    interval: 1m
  passcode_limits:
    tokens: 3
    interval: 1m
  password_limits:
    tokens: 5
    interval: 1m
  token_limits:
    tokens: 3
    interval: 1m
saml:
  enabled: true
  endpoint_url: https://auth.example.com
  audience_uri: urn:example:hanko
  default_redirect_url: https://app.example.com
  allowed_redirect_urls:
    - https://app.example.com/**
  options:
    sign_authn_requests: true
    force_login: false
    validate_encryption_cert: true
    skip_signature_validation: false
    allow_missing_attributes: false
  identity_providers:
    - enabled: true
      name: Corporate Okta
      domain: corp.example.com
      metadata_url: https://corp.okta.com/app/abc123/sso/saml/metadata
      skip_email_verification: false
      attribute_map:
        name: http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name
        email: http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress
secrets:
  keys:
    - change-me-to-a-long-random-secret
    - the-previous-secret-still-verifies
security_notifications:
  notifications:
    email_create:
      enabled: true
    email_delete:
      enabled: true
    password_update:
      enabled: true
    passkey_create:
      enabled: true
    primary_email_update:
      enabled: true
    mfa_create:
      enabled: false
    mfa_delete:
      enabled: false
server:
  public:
    address: ":8000"
    cors:
      allow_origins:
        - https://app.example.com
      unsafe_wildcard_origin_allowed: false
  admin:
    address: "127.0.0.1:8001"
service:
  name: Example Authentication
session:
  allow_revocation: true
  acquire_ip_address: true
  acquire_user_agent: true
  audience:
    - app.example.com
  issuer: https://auth.example.com
  lifespan: 12h
  idle_timeout: 2h
  enable_auth_token_header: false
  limit: 5
  cookie:
    domain: example.com
    http_only: true
    name: hanko
    retention: persistent
    same_site: lax
    secure: true
  show_on_profile: true
  jwt_template:
    claims:
      role: user
      user_email: "{{.User.Email.Address}}"
      is_verified: "{{.User.Email.IsVerified}}"
      metadata:
        source: hanko
        greeting: "Hello {{.User.Username}}"
      scopes:
        - read
        - write
        - "{{if .User.Email.IsVerified}}admin{{else}}basic{{end}}"
third_party:
  redirect_url: https://auth.example.com/thirdparty/callback
  error_redirect_url: https://app.example.com/login
  default_redirect_url: https://app.example.com/profile
  allowed_redirect_urls:
    - https://app.example.com/**
    - https://*.example.com
  providers:
    apple:
      enabled: false
    discord:
      enabled: false
    github:
      enabled: false
    google:
      enabled: true
      client_id: 1234567890-abc.apps.googleusercontent.com
      secret: GOCSPX-google-client-secret
      allow_linking: true
      prompt: select_account
    linkedin:
      enabled: false
    microsoft:
      enabled: false
    facebook:
      enabled: false
  custom_providers:
    keycloak:
      enabled: true
      display_name: Keycloak
      client_id: hanko
      secret: keycloak-client-secret
      scopes:
        - openid
        - profile
        - email
      use_discovery: true
      issuer: https://keycloak.example.com/realms/example
      allow_linking: true
      attribute_mapping:
        sub: user_id
username:
  enabled: true
  optional: true
  acquire_on_registration: true
  acquire_on_login: true
  use_as_login_identifier: true
  min_length: 3
  max_length: 32
webauthn:
  timeouts:
    registration: 600000
    login: 600000
  relying_party:
    id: example.com
    display_name: Example Authentication
    origins:
      - https://app.example.com
      - android:apk-key-hash:nLSu7wVTbnMOxLgC52f2faTnvCbXQrUn_wF9aCrr-l0
webhooks:
  enabled: true
  allow_time_expiration: false
  hooks:
    - callback: https://app.example.com/webhooks/user
      events:
        - user
    - callback: https://app.example.com/webhooks/mail
      events:
        - email.send
`;

describe("a full configuration", () => {
  test("a full example in the style of Hanko docs loads unchanged and without warnings", () => {
    const { config, warnings } = load(FULL_EXAMPLE);
    expect(warnings).toEqual([]);
    expect(config).toMatchObject(parse(FULL_EXAMPLE));
    expect(config.third_party.providers.github.allow_linking).toBe(true);
    expect(config.session.server_side).toEqual({ enabled: false, limit: 0 });
  });

  test("the error class for every load failure is ConfigError", () => {
    expect(ConfigFileError.prototype).toBeInstanceOf(ConfigError);
  });
});

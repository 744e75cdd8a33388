import { describe, expect, test } from "bun:test";
import type { TSchema } from "@sinclair/typebox";
import { kindOf, propertiesOf } from "../../../src/config/describe.ts";
import { ENV_VARIABLES } from "../../../src/config/env.ts";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { lineFor, load, problemLines, VALID_BASE, VALID_DATABASE } from "./helpers.ts";

const withEnv = (env: Record<string, string>, yaml = VALID_BASE) => load(yaml, env).config;

describe("environment variables", () => {
  test("string variables set the key as-is", () => {
    const config = withEnv({
      SERVICE_NAME: "From Env",
      DATABASE_URL: "postgres://hanko:pw@db:5432/hanko?sslmode=disable",
      SAML_ENDPOINT: "https://auth.example.com",
    });
    expect(config.service.name).toBe("From Env");
    expect(config.database.url).toBe("postgres://hanko:pw@db:5432/hanko?sslmode=disable");
    expect(config.saml.endpoint_url).toBe("https://auth.example.com");
  });

  test("boolean variables accept Go ParseBool spellings", () => {
    const config = withEnv({
      ACCOUNT_ALLOWSIGNUP: "0",
      ACCOUNT_ALLOWDELETION: "T",
      SESSION_COOKIE_SECURE: "FALSE",
      PRIVACY_SHOW_ACCOUNT_EXISTENCE_HINTS: "True",
      SECURITYNOTIFICATIONS_NOTIFICATIONS_MFACREATE_ENABLED: "f",
    });
    expect(config.account.allow_signup).toBe(false);
    expect(config.account.allow_deletion).toBe(true);
    expect(config.session.cookie.secure).toBe(false);
    expect(config.privacy.show_account_existence_hints).toBe(true);
    expect(config.security_notifications.notifications.mfa_create.enabled).toBe(false);
  });

  test("a boolean variable Go cannot parse is an error naming the variable and the key", () => {
    const line = lineFor(problemLines(VALID_BASE, { ACCOUNT_ALLOWSIGNUP: "yes" }), "account.allow_signup");
    expect(line).toBe(
      '  - account.allow_signup: environment variable ACCOUNT_ALLOWSIGNUP="yes" is not a boolean; use one of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False',
    );
  });

  test("integer variables accept decimal and Go base prefixes", () => {
    const config = withEnv({
      PASSWORD_MIN_LENGTH: "12",
      EMAIL_LIMIT: "0x10",
      PASSKEY_LIMIT: "0o17",
      EMAIL_PASSCODETTL: "1_200",
      SESSION_LIMIT: "010",
      RATE_LIMITER_PASSWORD_LIMITS_TOKENS: "7",
    });
    expect(config.password.min_length).toBe(12);
    expect(config.email.limit).toBe(16);
    expect(config.passkey.limit).toBe(15);
    expect(config.email.passcode_ttl).toBe(1200);
    expect(config.session.limit).toBe(8);
    expect(config.rate_limiter.password_limits.tokens).toBe(7);
  });

  test("an integer variable that is not a number is an error naming the variable", () => {
    const lines = problemLines(VALID_BASE, { PASSWORD_MIN_LENGTH: "twelve", RATE_LIMITER_OTP_LIMITS_TOKENS: "-1" });
    expect(lineFor(lines, "password.min_length")).toContain('PASSWORD_MIN_LENGTH="twelve" is not a whole number');
    expect(lineFor(lines, "rate_limiter.otp_limits.tokens")).toContain('RATE_LIMITER_OTP_LIMITS_TOKENS="-1" is not a whole number');
  });

  test("duration variables take Go durations", () => {
    const config = withEnv({
      RATE_LIMITER_PASSWORD_LIMITS_INTERVAL: "30s",
      FLOWLOCKER_TTL: "1m30s",
      MFA_DEVICETRUSTDURATION: "24h",
      SESSION_LIFESPAN: "1h",
      SESSION_IDLE_TIMEOUT: "15m",
    });
    expect(config.rate_limiter.password_limits.interval).toBe("30s");
    expect(config.flow_locker.ttl).toBe("1m30s");
    expect(config.mfa.device_trust_duration).toBe("24h");
    expect(config.session.lifespan).toBe("1h");
    expect(config.session.idle_timeout).toBe("15m");
  });

  test("a malformed duration variable is an error naming the variable", () => {
    const line = lineFor(problemLines(VALID_BASE, { FLOWLOCKER_TTL: "soon" }), "flow_locker.ttl");
    expect(line).toBe(
      '  - flow_locker.ttl: environment variable FLOWLOCKER_TTL="soon" is not a duration; use a Go duration such as 12h, 30m or 1h30m',
    );
  });

  test("list variables are comma separated without trimming", () => {
    const config = withEnv({
      SECRETS_KEYS: "first-secret-long-enough,second-secret-long-enough",
      SERVER_PUBLIC_CORS_ALLOW_ORIGINS: "https://a.example.com,https://b.example.com",
      SESSION_AUDIENCE: "a, b",
    });
    expect(config.secrets.keys).toEqual(["first-secret-long-enough", "second-secret-long-enough"]);
    expect(config.server.public.cors.allow_origins).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(config.session.audience).toEqual(["a", " b"]);
  });

  test("WEBHOOKS_HOOKS takes JSON objects separated by semicolons", () => {
    const config = withEnv({
      WEBHOOKS_ENABLED: "true",
      WEBHOOKS_HOOKS:
        '{"callback":"https://a.example.com/x","events":["user"]};{"Callback":"https://b.example.com/y","EVENTS":["email.send"],"extra":1}',
    });
    expect(config.webhooks.enabled).toBe(true);
    expect(config.webhooks.hooks).toEqual([
      { callback: "https://a.example.com/x", events: ["user"] },
      { callback: "https://b.example.com/y", events: ["email.send"] },
    ]);
  });

  test("WEBHOOKS_HOOKS with invalid JSON is an error naming the variable", () => {
    const line = lineFor(problemLines(VALID_BASE, { WEBHOOKS_HOOKS: '{"callback":"https://a/x"};{oops}' }), "webhooks.hooks");
    expect(line).toStartWith("  - webhooks.hooks: environment variable WEBHOOKS_HOOKS=");
    expect(line).toContain("hook 2 is not valid JSON");
  });

  test("an empty variable still applies: strings and lists become empty", () => {
    const yaml = `${VALID_BASE}session:\n  cookie:\n    domain: example.com\n  audience: [app]\n`;
    const config = withEnv({ SESSION_COOKIE_DOMAIN: "", SESSION_AUDIENCE: "" }, yaml);
    expect(config.session.cookie.domain).toBe("");
    expect(config.session.audience).toEqual([]);
  });

  test("an empty variable for a boolean, integer or duration is an error naming each variable", () => {
    const lines = problemLines(VALID_BASE, { SESSION_COOKIE_SECURE: "", SESSION_LIMIT: "", FLOWLOCKER_TTL: "" });
    expect(lineFor(lines, "session.cookie.secure")).toContain('SESSION_COOKIE_SECURE="" is not a boolean');
    expect(lineFor(lines, "session.limit")).toContain('SESSION_LIMIT="" is not a whole number');
    expect(lineFor(lines, "flow_locker.ttl")).toContain('FLOWLOCKER_TTL="" is not a duration');
  });

  test("an empty WEBHOOKS_HOOKS is an error, as in Hanko", () => {
    expect(lineFor(problemLines(VALID_BASE, { WEBHOOKS_HOOKS: "" }), "webhooks.hooks")).toContain("is not valid JSON");
  });

  test("environment variables win over the YAML file", () => {
    const yaml = `${VALID_BASE}service:\n  name: From YAML\nsession:\n  lifespan: 2h\naccount:\n  allow_signup: true\n`;
    const config = withEnv({ SERVICE_NAME: "From Env", SESSION_LIFESPAN: "3h", ACCOUNT_ALLOWSIGNUP: "false" }, yaml);
    expect(config.service.name).toBe("From Env");
    expect(config.session.lifespan).toBe("3h");
    expect(config.account.allow_signup).toBe(false);
  });

  test("environment values are validated like YAML values", () => {
    const lines = problemLines(VALID_BASE, { SESSION_LIFESPAN: "12 hours", DATABASE_DIALECT: "oracle" });
    expect(lineFor(lines, "session.lifespan")).toBe(
      '  - session.lifespan: "12 hours" is not a duration; use a Go duration such as 12h, 30m or 1h30m (set by environment variable SESSION_LIFESPAN)',
    );
    expect(lineFor(lines, "database.dialect")).toContain('"oracle" is not supported');
    expect(lineFor(lines, "database.dialect")).toContain("DATABASE_DIALECT");
  });

  test("variables that are not set change nothing", () => {
    expect(withEnv({ UNRELATED: "x", service_name: "lower case is another variable" }).service.name).toBe("Hanko Authentication Service");
  });
});

describe("the table of variable names", () => {
  test("names follow Hanko Go field names, split only where Hanko splits them", () => {
    expect(ENV_VARIABLES["account.allow_deletion"]).toBe("ACCOUNT_ALLOWDELETION");
    expect(ENV_VARIABLES["session.enable_auth_token_header"]).toBe("SESSION_ENABLE_AUTH_TOKEN_HEADER");
    expect(ENV_VARIABLES["session.allow_revocation"]).toBe("SESSION_ALLOWREVOCATION");
    expect(ENV_VARIABLES["session.server_side.enabled"]).toBe("SESSION_SERVERSIDE_ENABLED");
    expect(ENV_VARIABLES["email.max_length"]).toBe("EMAIL_MAXLENGTH");
    expect(ENV_VARIABLES["email.acquire_on_login"]).toBe("EMAIL_ACQUIRE_ON_LOGIN");
    expect(ENV_VARIABLES["log.log_health_and_metrics"]).toBe("LOG_LOGHEALTHANDMETRICS");
    expect(ENV_VARIABLES["saml.endpoint_url"]).toBe("SAML_ENDPOINT");
    expect(ENV_VARIABLES["saml.options.validate_encryption_cert"]).toBe("SAML_OPTIONS_VALIDATEENCRYPTIONCERTIFICATE");
    expect(ENV_VARIABLES["audit_log.console_output.output"]).toBe("AUDIT_LOG_CONSOLE_OUTPUT_OUTPUT_STREAM");
    expect(ENV_VARIABLES["rate_limiter.otp_limits.tokens"]).toBe("RATE_LIMITER_OTP_LIMITS_TOKENS");
    expect(ENV_VARIABLES["flow_locker.redis_config.address"]).toBe("FLOWLOCKER_REDIS_ADDRESS");
    expect(ENV_VARIABLES["third_party.providers.google.client_id"]).toBe("THIRD_PARTY_PROVIDERS_GOOGLE_CLIENT_ID");
    expect(ENV_VARIABLES["mfa.device_trust_policy"]).toBe("MFA_DEVICE_TRUST_POLICY");
    expect(ENV_VARIABLES["mfa.device_trust_duration"]).toBe("MFA_DEVICETRUSTDURATION");
    expect(ENV_VARIABLES["webauthn.relying_party.display_name"]).toBe("WEBAUTHN_RELYING_PARTY_DISPLAY_NAME");
  });

  test("every settable key has exactly one variable and every variable names a key", () => {
    const notSettable = ["session.jwt_template.claims", "third_party.custom_providers", "saml.identity_providers"];
    const leaves: string[] = [];
    const walk = (schema: TSchema, path: string) => {
      if (kindOf(schema) === "object") {
        for (const [key, child] of Object.entries(propertiesOf(schema))) walk(child, path ? `${path}.${key}` : key);
      } else if (!notSettable.includes(path)) {
        leaves.push(path);
      }
    };
    walk(ConfigSchema, "");
    expect(Object.keys(ENV_VARIABLES).sort()).toEqual(leaves.sort());
    expect(new Set(Object.values(ENV_VARIABLES)).size).toBe(Object.values(ENV_VARIABLES).length);
  });
});

describe("problems caused by the environment", () => {
  test("a rule broken by an environment value names the variable, not just the key", () => {
    const lines = problemLines(VALID_DATABASE, { SECRETS_KEYS: "short", SESSION_LIFESPAN: "forever" });
    expect(lineFor(lines, "secrets.keys[0]")).toContain("(set by environment variable SECRETS_KEYS)");
    expect(lineFor(lines, "session.lifespan")).toContain("(set by environment variable SESSION_LIFESPAN)");
  });

  test("a rule broken by the file does not blame the environment", () => {
    const lines = problemLines(`${VALID_DATABASE}\nsecrets:\n  keys: [short]\n`);
    expect(lineFor(lines, "secrets.keys[0]")).not.toContain("environment variable");
  });
});

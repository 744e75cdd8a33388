import { describe, expect, test } from "bun:test";
import { ConfigError } from "../../../src/config/errors.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { findConfigProblems, validateConfig } from "../../../src/config/validate.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { configErrorOf, lineFor, load, problemLines, VALID_BASE, VALID_DATABASE, VALID_SECRETS, writeYaml } from "./helpers.ts";

const linesWith = (yaml: string) => problemLines(VALID_BASE + yaml);
const accepted = (yaml: string) => load(VALID_BASE + yaml).config;
const acceptedWith = (base: string, yaml: string) => load(base + yaml).config;

describe("identifiers", () => {
  test("a maximum length beyond the 255-character columns is rejected, 255 itself accepted", () => {
    const lines = linesWith("email:\n  max_length: 300\nusername:\n  max_length: 256\n");
    expect(lineFor(lines, "email.max_length")).toBe("  - email.max_length: is 300; at most 255, the width of the column it is stored in");
    expect(lineFor(lines, "username.max_length")).toContain("is 256");
    expect(accepted("email:\n  max_length: 255\nusername:\n  max_length: 255\n").email.max_length).toBe(255);
  });
});

describe("server", () => {
  test("a blank public or admin address is rejected", () => {
    const lines = linesWith('server:\n  public:\n    address: " "\n  admin:\n    address: ""\n');
    expect(lineFor(lines, "server.public.address")).toBe(
      "  - server.public.address: must not be empty; use a listen address such as :8000",
    );
    expect(lineFor(lines, "server.admin.address")).toContain("must not be empty");
  });

  test("a bare * CORS origin is rejected unless unsafe_wildcard_origin_allowed is true", () => {
    const yaml = 'server:\n  public:\n    cors:\n      allow_origins: ["https://a.example.com", "*"]\n';
    expect(lineFor(linesWith(yaml), "server.public.cors.allow_origins[1]")).toContain(
      "set server.public.cors.unsafe_wildcard_origin_allowed to true",
    );
    expect(accepted(`${yaml}      unsafe_wildcard_origin_allowed: true\n`).server.public.cors.allow_origins).toContain("*");
    expect(accepted('server:\n  public:\n    cors:\n      allow_origins: ["https://*.example.com"]\n')).toBeDefined();
  });

  test("the admin CORS block is validated like the public one", () => {
    const yaml = 'server:\n  admin:\n    cors:\n      allow_origins: ["*"]\n';
    expect(lineFor(linesWith(yaml), "server.admin.cors.allow_origins[0]")).toContain('"*"');
  });

  test("admin API keys shorter than 32 characters are rejected", () => {
    const yaml = 'server:\n  admin:\n    api_keys: ["0123456789abcdef0123456789abcdef", "too-short"]\n';
    expect(lineFor(linesWith(yaml), "server.admin.api_keys[1]")).toBe(
      "  - server.admin.api_keys[1]: is 9 characters long; each API key must be at least 32 characters",
    );
  });

  test("forwarded-header IP extraction needs trusted proxies given as CIDR ranges", () => {
    expect(lineFor(linesWith("server:\n  ip:\n    extractor: x_forwarded_for\n"), "server.ip.trusted_proxies")).toContain(
      "is empty while server.ip.extractor is x_forwarded_for",
    );
    const bad = 'server:\n  ip:\n    extractor: x_real_ip\n    trusted_proxies: ["10.0.0.0/8", "10.0.0.1", "fd00::/129"]\n';
    const lines = linesWith(bad);
    expect(lineFor(lines, "server.ip.trusted_proxies[1]")).toContain('"10.0.0.1" is not a CIDR range');
    expect(lineFor(lines, "server.ip.trusted_proxies[2]")).toContain('"fd00::/129" is not a CIDR range');
    const good = 'server:\n  ip:\n    extractor: x_forwarded_for\n    trusted_proxies: ["10.0.0.0/8", "fd00::/8", "::ffff:10.0.0.0/104"]\n';
    expect(accepted(good).server.ip.trusted_proxies).toHaveLength(3);
  });

  test("an unknown IP extractor is rejected", () => {
    expect(lineFor(linesWith("server:\n  ip:\n    extractor: forwarded\n"), "server.ip.extractor")).toBe(
      '  - server.ip.extractor: "forwarded" is not supported; use one of direct, x_forwarded_for, x_real_ip',
    );
  });
});

describe("webauthn", () => {
  test("the deprecated webauthn.user_verification must still be a known value", () => {
    expect(lineFor(linesWith("webauthn:\n  user_verification: sometimes\n"), "webauthn.user_verification")).toBe(
      '  - webauthn.user_verification: "sometimes" is not supported; use one of required, preferred, discouraged',
    );
  });

  test("the relying party needs an id, a display name and at least one origin", () => {
    const lines = linesWith('webauthn:\n  relying_party:\n    id: ""\n    display_name: ""\n    origins: []\n');
    expect(lineFor(lines, "webauthn.relying_party.id")).toContain("must not be empty");
    expect(lineFor(lines, "webauthn.relying_party.display_name")).toContain("must not be empty");
    expect(lineFor(lines, "webauthn.relying_party.origins")).toContain("is empty");
  });
});

describe("smtp", () => {
  test("while email delivery is enabled the deprecated smtp host and port must be set", () => {
    const lines = linesWith('smtp:\n  host: ""\n  port: ""\n');
    expect(lineFor(lines, "smtp.host")).toContain("must not be empty while email_delivery.enabled is true");
    expect(lineFor(lines, "smtp.port")).toContain("must not be empty while email_delivery.enabled is true");
  });

  test("with email delivery disabled the deprecated smtp block is not checked", () => {
    expect(accepted('email_delivery:\n  enabled: false\nsmtp:\n  host: ""\n').smtp.host).toBe("");
  });

  test("the SMTP port that is actually used must be a port number", () => {
    expect(lineFor(linesWith("email_delivery:\n  smtp:\n    port: smtp\n"), "email_delivery.smtp.port")).toBe(
      '  - email_delivery.smtp.port: "smtp" is not a port number; use a number from 1 to 65535, e.g. 465 or 587',
    );
  });

  test("an unknown mail transport is rejected", () => {
    expect(lineFor(linesWith("email_delivery:\n  transport: carrier-pigeon\n"), "email_delivery.transport")).toContain(
      "use one of smtp, console",
    );
  });
});

describe("database", () => {
  test("an unknown dialect is rejected", () => {
    expect(lineFor(problemLines(VALID_SECRETS + "database:\n  dialect: oracle\n"), "database.dialect")).toBe(
      '  - database.dialect: "oracle" is not supported; use one of postgres, cockroach, mysql, mariadb, sqlite',
    );
  });

  test("without a URL a server database needs database, user, host and port", () => {
    const yaml = 'database:\n  dialect: postgres\n  database: ""\n  user: " "\n  host: ""\n  port: ""\n';
    const lines = problemLines(VALID_SECRETS + yaml);
    for (const key of ["database.database", "database.user", "database.host", "database.port"]) {
      expect(lineFor(lines, key)).toContain("must not be empty");
    }
  });

  test("a database URL wins and the single fields are not checked", () => {
    const yaml = 'database:\n  dialect: postgres\n  url: postgres://u:p@db:5432/hanko\n  host: ""\n  user: ""\n';
    expect(acceptedWith(VALID_SECRETS, yaml).database.url).toBe("postgres://u:p@db:5432/hanko");
  });

  test("sqlite only needs the database file path", () => {
    const yaml = 'database:\n  dialect: sqlite\n  database: ./x.sqlite\n  host: ""\n  user: ""\n  port: ""\n';
    expect(acceptedWith(VALID_SECRETS, yaml).database.dialect).toBe("sqlite");
    expect(lineFor(problemLines(VALID_SECRETS + 'database:\n  dialect: sqlite\n  database: ""\n'), "database.database")).toContain(
      "path of the SQLite database file",
    );
  });
});

describe("secrets", () => {
  test("a secret shorter than 16 characters is rejected with its index", () => {
    const yaml = 'secrets:\n  keys: ["a-long-enough-secret", "short1234"]\n';
    expect(lineFor(problemLines(VALID_DATABASE + yaml), "secrets.keys[1]")).toBe(
      "  - secrets.keys[1]: is 9 characters long; each secret must be at least 16 characters",
    );
  });

  test("local key management needs at least one secret", () => {
    expect(lineFor(problemLines(VALID_DATABASE + "secrets:\n  keys: []\n"), "secrets.keys")).toBe(
      "  - secrets.keys: is empty; add at least one secret of 16 or more characters",
    );
  });

  test("aws_kms needs a key id and a region but no secrets", () => {
    const lines = problemLines(VALID_DATABASE + "secrets:\n  keys: []\n  key_management:\n    type: aws_kms\n");
    expect(lineFor(lines, "secrets.key_management.key_id")).toContain("must be set when key_management.type is aws_kms");
    expect(lineFor(lines, "secrets.key_management.region")).toContain("must be set when key_management.type is aws_kms");
    expect(lines.some((l) => l.startsWith("  - secrets.keys:"))).toBe(false);
    const ok = "secrets:\n  keys: []\n  key_management:\n    type: aws_kms\n    key_id: alias/hanko\n    region: eu-central-1\n";
    expect(acceptedWith(VALID_DATABASE, ok).secrets.key_management.type).toBe("aws_kms");
  });

  test("an unknown key management type is rejected", () => {
    expect(lineFor(problemLines(VALID_DATABASE + "secrets:\n  key_management:\n    type: vault\n"), "secrets.key_management.type")).toBe(
      '  - secrets.key_management.type: "vault" is not supported; use one of local, aws_kms',
    );
  });
});

describe("service and session", () => {
  test("a blank service name is rejected", () => {
    expect(lineFor(linesWith('service:\n  name: "  "\n'), "service.name")).toContain("must not be empty");
  });

  test("a session lifespan that is not a Go duration is rejected", () => {
    expect(lineFor(linesWith("session:\n  lifespan: 12 hours\n"), "session.lifespan")).toBe(
      '  - session.lifespan: "12 hours" is not a duration; use a Go duration such as 12h, 30m or 1h30m',
    );
  });

  test("every other duration key must hold a Go duration too", () => {
    const yaml =
      "session:\n  idle_timeout: soon\naudit_log:\n  retention: 30 days\nmfa:\n  device_trust_duration: forever\nrate_limiter:\n  token_limits:\n    interval: 1 minute\n";
    const lines = linesWith(yaml);
    expect(lineFor(lines, "session.idle_timeout")).toContain('"soon" is not a duration');
    expect(lineFor(lines, "audit_log.retention")).toContain('"30 days" is not a duration');
    expect(lineFor(lines, "mfa.device_trust_duration")).toContain('"forever" is not a duration');
    expect(lineFor(lines, "rate_limiter.token_limits.interval")).toContain('"1 minute" is not a duration');
  });

  test("an empty idle timeout means disabled and is accepted", () => {
    expect(accepted('session:\n  idle_timeout: ""\n').session.idle_timeout).toBe("");
  });

  test("enumerated session cookie settings only take their known values", () => {
    const lines = linesWith("session:\n  cookie:\n    same_site: relaxed\n    retention: forever\n");
    expect(lineFor(lines, "session.cookie.same_site")).toContain("use one of strict, lax, none");
    expect(lineFor(lines, "session.cookie.retention")).toContain("use one of persistent, session, prompt");
  });
});

describe("rate limiter and flow locker", () => {
  test("an unknown rate limiter store is rejected", () => {
    expect(lineFor(linesWith("rate_limiter:\n  store: memcached\n"), "rate_limiter.store")).toBe(
      '  - rate_limiter.store: "memcached" is not supported; use one of in_memory, redis, sqlite',
    );
  });

  test("the redis rate limiter store needs an address", () => {
    expect(lineFor(linesWith("rate_limiter:\n  store: redis\n"), "rate_limiter.redis_config.address")).toContain(
      "must be set when rate_limiter.store is redis",
    );
  });

  test("a disabled rate limiter does not need its redis address", () => {
    expect(accepted("rate_limiter:\n  enabled: false\n  store: redis\n").rate_limiter.store).toBe("redis");
  });

  test("the sqlite rate limiter store needs a file path", () => {
    expect(lineFor(linesWith('rate_limiter:\n  store: sqlite\n  sqlite_path: ""\n'), "rate_limiter.sqlite_path")).toContain(
      "must not be empty when rate_limiter.store is sqlite",
    );
  });

  test("rate limit tokens cannot be negative", () => {
    expect(lineFor(linesWith("rate_limiter:\n  otp_limits:\n    tokens: -1\n"), "rate_limiter.otp_limits.tokens")).toBe(
      "  - rate_limiter.otp_limits.tokens: -1 is negative; use a whole number of 0 or more",
    );
  });

  test("the redis flow locker needs an address and the store must be known", () => {
    expect(lineFor(linesWith("flow_locker:\n  store: redis\n"), "flow_locker.redis_config.address")).toContain(
      "must be set when flow_locker.store is redis",
    );
    expect(lineFor(linesWith("flow_locker:\n  store: etcd\n"), "flow_locker.store")).toContain("use one of in_memory, redis");
  });
});

describe("third party", () => {
  test("an enabled built-in provider needs the redirect URLs and its client credentials", () => {
    const lines = linesWith("third_party:\n  providers:\n    google:\n      enabled: true\n");
    expect(lineFor(lines, "third_party.redirect_url")).toContain("must be set when a third-party provider is enabled");
    expect(lineFor(lines, "third_party.error_redirect_url")).toContain("must be set");
    expect(lineFor(lines, "third_party.allowed_redirect_urls")).toContain("is empty");
    expect(lineFor(lines, "third_party.providers.google.client_id")).toContain("must be set when google is enabled");
    expect(lineFor(lines, "third_party.providers.google.secret")).toContain("must be set when google is enabled");
  });

  test("redirect URLs must not end with a slash when providers are enabled", () => {
    const yaml = `third_party:
  redirect_url: https://auth.example.com/thirdparty/callback
  error_redirect_url: https://app.example.com/
  default_redirect_url: https://app.example.com/home/
  allowed_redirect_urls: ["https://app.example.com/"]
  providers:
    github:
      enabled: true
      client_id: id
      secret: secret
`;
    const lines = linesWith(yaml);
    expect(lineFor(lines, "third_party.allowed_redirect_urls[0]")).toContain("ends with /; remove the trailing slash");
    expect(lineFor(lines, "third_party.error_redirect_url")).toContain("ends with /");
    expect(lineFor(lines, "third_party.default_redirect_url")).toContain("ends with /");
  });

  test("an enabled custom provider needs a name, credentials, scopes and endpoints or discovery", () => {
    const yaml = `third_party:
  redirect_url: https://auth.example.com/thirdparty/callback
  error_redirect_url: https://app.example.com/error
  allowed_redirect_urls: ["https://app.example.com"]
  custom_providers:
    manual:
      enabled: true
    discovered:
      enabled: true
      display_name: Discovered
      client_id: id
      secret: secret
      scopes: [openid]
      use_discovery: true
`;
    const lines = linesWith(yaml);
    for (const field of [
      "display_name",
      "client_id",
      "secret",
      "scopes",
      "authorization_endpoint",
      "token_endpoint",
      "userinfo_endpoint",
    ]) {
      expect(lineFor(lines, `third_party.custom_providers.manual.${field}`)).toBeDefined();
    }
    expect(lineFor(lines, "third_party.custom_providers.discovered.issuer")).toContain("must be set when use_discovery is true");
  });

  test("a redirect URL pattern that is not a valid glob is rejected even with providers disabled", () => {
    expect(
      lineFor(linesWith('third_party:\n  allowed_redirect_urls: ["https://[app.example.com"]\n'), "third_party.allowed_redirect_urls[0]"),
    ).toContain("is not a valid glob");
  });

  test("disabled providers are not checked", () => {
    expect(accepted("third_party:\n  providers:\n    apple:\n      enabled: false\n").third_party.redirect_url).toBe("");
  });
});

describe("saml", () => {
  test("enabled SAML needs an endpoint, an audience and at least one identity provider", () => {
    const lines = linesWith("saml:\n  enabled: true\n");
    expect(lineFor(lines, "saml.endpoint_url")).toContain("must be set when saml.enabled is true");
    expect(lineFor(lines, "saml.audience_uri")).toContain("must be set when saml.enabled is true");
    expect(lineFor(lines, "saml.identity_providers")).toContain("is empty while saml.enabled is true");
  });

  test("each enabled identity provider needs a domain, a name and a metadata URL", () => {
    const yaml =
      "saml:\n  enabled: true\n  endpoint_url: https://auth.example.com\n  audience_uri: urn:x\n  identity_providers:\n    - enabled: true\n";
    const lines = linesWith(yaml);
    expect(lineFor(lines, "saml.identity_providers[0].domain")).toContain("must be set");
    expect(lineFor(lines, "saml.identity_providers[0].name")).toContain("must be set");
    expect(lineFor(lines, "saml.identity_providers[0].metadata_url")).toContain("must be set");
  });

  test("two enabled identity providers cannot share a domain", () => {
    const idp = (name: string) =>
      `    - enabled: true\n      name: ${name}\n      domain: example.com\n      metadata_url: https://idp.example.com/${name}\n`;
    const yaml = `saml:\n  enabled: true\n  endpoint_url: https://auth.example.com\n  audience_uri: urn:x\n  identity_providers:\n${idp("a")}${idp("b")}`;
    expect(lineFor(linesWith(yaml), "saml.identity_providers[1].domain")).toContain("is also the domain of saml.identity_providers[0]");
  });

  test("SAML URLs must parse", () => {
    const yaml =
      'saml:\n  enabled: true\n  endpoint_url: "https://auth.example.com:port"\n  audience_uri: urn:x\n  default_redirect_url: "https://app.example.com/%zz"\n';
    const lines = linesWith(yaml);
    expect(lineFor(lines, "saml.endpoint_url")).toContain("is not a valid URL");
    expect(lineFor(lines, "saml.default_redirect_url")).toContain("is not a valid URL");
  });

  test("SAML redirect patterns must be valid globs and identity provider domains and metadata URLs must parse", () => {
    const yaml = `saml:
  enabled: true
  endpoint_url: https://auth.example.com
  audience_uri: urn:x
  allowed_redirect_urls: ["https://{app,admin.example.com"]
  identity_providers:
    - enabled: true
      name: Corp
      domain: "corp example.com"
      metadata_url: "https://idp.example.com/%zz"
`;
    const lines = linesWith(yaml);
    expect(lineFor(lines, "saml.allowed_redirect_urls[0]")).toContain("is not a valid glob");
    expect(lineFor(lines, "saml.identity_providers[0].domain")).toContain("is not a valid domain");
    expect(lineFor(lines, "saml.identity_providers[0].metadata_url")).toContain("is not a valid URL");
  });

  test("disabled SAML is not checked", () => {
    expect(accepted("saml:\n  enabled: false\n  identity_providers: []\n").saml.enabled).toBe(false);
  });
});

describe("webhooks", () => {
  test("enabled webhooks need a callback URL and known events for every hook", () => {
    const yaml = `webhooks:
  enabled: true
  hooks:
    - callback: ""
      events: [user]
    - callback: "https://app.example.com/%zz"
      events: [user.create, user.created]
`;
    const lines = linesWith(yaml);
    expect(lineFor(lines, "webhooks.hooks[0].callback")).toContain("must not be empty");
    expect(lineFor(lines, "webhooks.hooks[1].callback")).toContain("is not a valid URL");
    expect(lineFor(lines, "webhooks.hooks[1].events[1]")).toContain('"user.created" is not a webhook event; use one of user, user.create');
  });

  test("hooks of disabled webhooks are not checked", () => {
    const yaml = 'webhooks:\n  enabled: false\n  hooks:\n    - callback: ""\n      events: [nope]\n';
    expect(accepted(yaml).webhooks.hooks).toHaveLength(1);
  });
});

describe("email and other enumerations", () => {
  test("an unknown passcode charset is rejected", () => {
    expect(lineFor(linesWith("email:\n  passcode_charset: hex\n"), "email.passcode_charset")).toBe(
      '  - email.passcode_charset: "hex" is not supported; use one of numeric, alphanumeric',
    );
  });

  test("enumerated credential settings only take their known values", () => {
    const yaml =
      "password:\n  acquire_on_login: sometimes\npasskey:\n  attestation_preference: full\nmfa:\n  device_trust_policy: maybe\n  security_keys:\n    authenticator_attachment: usb\nlog:\n  format: xml\naudit_log:\n  console_output:\n    output: stdlog\n";
    const lines = linesWith(yaml);
    for (const key of [
      "password.acquire_on_login",
      "passkey.attestation_preference",
      "mfa.device_trust_policy",
      "mfa.security_keys.authenticator_attachment",
      "log.format",
      "audit_log.console_output.output",
    ]) {
      expect(lineFor(lines, key)).toContain("is not supported; use one of");
    }
  });
});

describe("type errors", () => {
  test("values of the wrong type are reported with their key", () => {
    const yaml = "debug: maybe\nsession:\n  limit: lots\nsecrets:\n  keys: [{a: 1}]\nwebhooks:\n  hooks: {callback: x}\n";
    const lines = problemLines(yaml);
    expect(lineFor(lines, "debug")).toBe('  - debug: "maybe" is not a boolean; use true or false');
    expect(lineFor(lines, "session.limit")).toBe('  - session.limit: "lots" is not a whole number; use a whole number');
    expect(lineFor(lines, "secrets.keys[0]")).toBe("  - secrets.keys[0]: a mapping is not a string; use a string");
    expect(lineFor(lines, "webhooks.hooks")).toBe("  - webhooks.hooks: a mapping is not a list; use a list");
  });

  test("a key with a type error is not also reported by the rules", () => {
    const lines = problemLines("secrets:\n  keys: [{a: 1}]\n");
    expect(lines.filter((l) => l.startsWith("  - secrets.keys[0]:"))).toHaveLength(1);
  });
});

describe("reporting", () => {
  test("several problems are reported together under one header, one line per key", () => {
    const path = writeYaml(`
database:
  dialect: oracle
secrets:
  keys: [short]
service:
  name: ""
session:
  lifespan: 12 hours
`);
    const error = configErrorOf(() => loadConfig({ path, env: {} }));
    expect(error.message).toBe(
      [
        `invalid configuration (${path}):`,
        '  - database.dialect: "oracle" is not supported; use one of postgres, cockroach, mysql, mariadb, sqlite',
        '  - session.lifespan: "12 hours" is not a duration; use a Go duration such as 12h, 30m or 1h30m',
        "  - secrets.keys[0]: is 5 characters long; each secret must be at least 16 characters",
        "  - service.name: must not be empty; use the name shown in emails, e.g. Hanko Authentication Service",
      ].join("\n"),
    );
    expect(error.problems.map((p) => p.path)).toEqual(["database.dialect", "session.lifespan", "secrets.keys[0]", "service.name"]);
  });

  test("validateConfig checks a config built in code and names defaults as the source", () => {
    const config = defaultConfig();
    expect(() => validateConfig(config)).not.toThrow();
    config.service.name = "";
    const error = configErrorOf(() => validateConfig(config));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message.split("\n")[0]).toBe("invalid configuration (defaults):");
    expect(findConfigProblems(config)).toEqual([
      { path: "service.name", message: "must not be empty; use the name shown in emails, e.g. Hanko Authentication Service" },
    ]);
  });
});

// The whole configuration surface of Hanko's config.yaml (tag @teamhanko/hanko-elements@2.7.0) as one
// typebox schema. Every `default` is Hanko's effective runtime default (backend/config/config_default.go),
// which differs from Hanko's JSON schema (backend/json_schema/hanko.config.json) in a few places. Keys
// Hanko has deprecated are kept because old config files still set them and the legacy conversion
// reads them.
//
// Schema annotations used by the loader:
//   goType: 'duration' – a Go time.Duration field: a YAML number means nanoseconds.
//   goType: 'uint'     – a Go unsigned integer: env values are parsed without a sign.
//   format: 'go-duration' – must parse with Go's time.ParseDuration (a Go string field holding a duration).

import { FormatRegistry, Type, type Static, type TLiteral, type TSchema, type TUnion } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { isDuration } from "../gocompat/duration.ts";

FormatRegistry.Set("go-duration", (value) => isDuration(value));
FormatRegistry.Set("go-duration-or-empty", (value) => value === "" || isDuration(value));

const bool = (value: boolean) => Type.Boolean({ default: value });
const int = (value: number) => Type.Integer({ default: value });
const uint = (value: number) => Type.Integer({ default: value, minimum: 0, goType: "uint" });
const str = (value = "") => Type.String({ default: value });
const strList = (value: string[] = []) => Type.Array(Type.String(), { default: value });

/** A Go time.Duration, stored as a Go duration string. */
const duration = (value: string) => Type.String({ default: value, format: "go-duration", goType: "duration" });
/** A Go string field that Hanko parses as a duration. */
const durationText = (value: string) => Type.String({ default: value, format: "go-duration" });

type Literals<T extends string[]> = { [K in keyof T]: TLiteral<T[K]> };

/** A string restricted to the listed values. */
function oneOf<const T extends string[]>(values: T, value: T[number]): TUnion<Literals<T>> {
  return Type.Union(values.map((v) => Type.Literal(v)) as TSchema[], { default: value }) as unknown as TUnion<Literals<T>>;
}

const acquireMode = (value: "always" | "conditional" | "never") => oneOf(["always", "conditional", "never"], value);
const userVerification = (value: "required" | "preferred" | "discouraged") => oneOf(["required", "preferred", "discouraged"], value);
const attestationPreference = () => oneOf(["direct", "indirect", "none"], "direct");

const cors = (allowOrigins: string[]) =>
  Type.Object({
    allow_origins: strList(allowOrigins),
    unsafe_wildcard_origin_allowed: bool(false),
  });

const smtp = () =>
  Type.Object({
    host: str("localhost"),
    port: str("465"),
    user: str(),
    password: str(),
  });

const redisConfig = () =>
  Type.Object({
    address: str(),
    password: str(),
  });

const rateLimits = (tokens: number, interval = "1m") =>
  Type.Object({
    tokens: uint(tokens),
    interval: duration(interval),
  });

const notification = () => Type.Object({ enabled: bool(true) });

// Hanko's built-in providers default to allow_linking: true (the JSON schema says nothing).
const thirdPartyProvider = () =>
  Type.Object({
    enabled: bool(false),
    client_id: str(),
    secret: str(),
    allow_linking: bool(true),
    prompt: str(),
  });

export const THIRD_PARTY_PROVIDER_NAMES = ["apple", "discord", "github", "google", "linkedin", "microsoft", "facebook"] as const;

export const CustomThirdPartyProviderSchema = Type.Object({
  enabled: bool(false),
  display_name: str(),
  client_id: str(),
  secret: str(),
  scopes: strList(),
  use_discovery: bool(false), // the JSON schema claims true; the Go zero value false is what runs
  issuer: str(),
  authorization_endpoint: str(),
  token_endpoint: str(),
  userinfo_endpoint: str(),
  attribute_mapping: Type.Record(Type.String(), Type.String(), { default: {} }),
  allow_linking: bool(false),
  prompt: str(),
  acr_values: strList(),
});

export const SamlAttributeMapSchema = Type.Object({
  name: str(),
  family_name: str(),
  given_name: str(),
  middle_name: str(),
  nickname: str(),
  preferred_username: str(),
  profile: str(),
  picture: str(),
  website: str(),
  gender: str(),
  birthdate: str(),
  zone_info: str(),
  locale: str(),
  updated_at: str(),
  email: str(),
  email_verified: str(),
  phone: str(),
  phone_verified: str(),
});

export const SamlIdentityProviderSchema = Type.Object({
  enabled: bool(false),
  name: str(),
  domain: str(),
  metadata_url: str(),
  skip_email_verification: bool(false),
  // Empty entries fall back to the xmlsoap claim URIs (or Auth0's) when the provider is built.
  attribute_map: SamlAttributeMapSchema,
});

export const WebhookSchema = Type.Object({
  callback: str(),
  events: strList(),
});

export const ConfigSchema = Type.Object({
  convert_legacy_config: bool(false),
  convert_legacy_server_side_session_config: bool(true),
  debug: bool(false),

  account: Type.Object({
    allow_deletion: bool(false),
    allow_signup: bool(true),
  }),

  privacy: Type.Object({
    show_account_existence_hints: bool(false),
    only_show_actual_login_methods: bool(false),
  }),

  service: Type.Object({
    name: str("Hanko Authentication Service"),
  }),

  log: Type.Object({
    log_health_and_metrics: bool(false),
    // Ours: format of our access log lines.
    format: oneOf(["json", "text"], "json"),
  }),

  server: Type.Object({
    public: Type.Object({
      address: str(":8000"),
      cors: cors(["http://localhost:8888"]),
    }),
    admin: Type.Object({
      address: str(":8001"),
      // Present and validated in Hanko, but never used for the admin API.
      cors: cors([]),
      // Ours: API keys accepted by the admin API (each at least 32 characters).
      api_keys: strList(),
    }),
    // From Hanko HEAD (v3): how the client IP is determined.
    ip: Type.Object({
      extractor: oneOf(["direct", "x_forwarded_for", "x_real_ip"], "direct"),
      trusted_proxies: strList(),
    }),
  }),

  database: Type.Object({
    url: str(),
    // Ours: `sqlite` is accepted too (then `database` is a file path), and an unknown dialect is an error.
    dialect: oneOf(["postgres", "cockroach", "mysql", "mariadb", "sqlite"], "postgres"),
    host: str("localhost"),
    port: str("5432"),
    database: str("hanko"),
    user: str("hanko"),
    password: str("hanko"),
  }),

  secrets: Type.Object({
    keys: strList(["abcedfghijklmnopqrstuvwxyz"]),
    key_management: Type.Object({
      type: oneOf(["local", "aws_kms"], "local"),
      key_id: str(),
      region: str(),
    }),
  }),

  session: Type.Object({
    lifespan: durationText("12h"),
    // Empty means [webauthn.relying_party.id].
    audience: strList(),
    issuer: str(),
    enable_auth_token_header: bool(false),
    limit: int(5),
    allow_revocation: bool(true),
    show_on_profile: bool(true),
    acquire_ip_address: bool(true),
    acquire_user_agent: bool(true),
    // Empty (or zero) disables the idle timeout.
    idle_timeout: Type.String({ default: "", format: "go-duration-or-empty" }),
    cookie: Type.Object({
      // Hanko's field is empty and falls back to `hanko`; an explicitly empty name means `hanko` too.
      name: str("hanko"),
      domain: str(),
      http_only: bool(true),
      secure: bool(true),
      same_site: oneOf(["strict", "lax", "none"], "strict"),
      retention: oneOf(["persistent", "session", "prompt"], "persistent"),
    }),
    jwt_template: Type.Object({
      claims: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
    }),
    // Deprecated: see convert_legacy_server_side_session_config.
    server_side: Type.Object({
      enabled: bool(false),
      limit: int(0),
    }),
  }),

  email: Type.Object({
    enabled: bool(true),
    optional: bool(false),
    acquire_on_registration: bool(true),
    acquire_on_login: bool(true),
    require_verification: bool(true),
    limit: int(5),
    max_length: int(120),
    use_as_login_identifier: bool(true),
    use_for_authentication: bool(true),
    passcode_ttl: int(300),
    passcode_charset: oneOf(["numeric", "alphanumeric"], "numeric"),
  }),

  email_delivery: Type.Object({
    enabled: bool(true),
    from_address: str("noreply@hanko.io"),
    from_name: str("Hanko"),
    smtp: smtp(),
    // Ours: `console` prints mails to stdout instead of sending them (development only).
    transport: oneOf(["smtp", "console"], "smtp"),
  }),

  // Deprecated: email.passcode_ttl.
  passcode: Type.Object({
    ttl: int(300),
  }),

  // Deprecated: email.require_verification and email.limit.
  emails: Type.Object({
    require_verification: bool(true),
    max_num_of_addresses: int(5),
  }),

  // Deprecated: email_delivery.smtp (but still validated while email delivery is enabled).
  smtp: smtp(),

  password: Type.Object({
    enabled: bool(true),
    optional: bool(false),
    acquire_on_registration: acquireMode("always"),
    acquire_on_login: acquireMode("never"),
    recovery: bool(true),
    min_length: int(8),
    // Deprecated: copied onto min_length by convert_legacy_config, even when unset (0).
    min_password_length: int(0),
  }),

  username: Type.Object({
    enabled: bool(false),
    optional: bool(true),
    acquire_on_registration: bool(true),
    acquire_on_login: bool(true),
    use_as_login_identifier: bool(true),
    min_length: int(3),
    max_length: int(32),
  }),

  passkey: Type.Object({
    enabled: bool(true),
    optional: bool(true),
    acquire_on_registration: acquireMode("always"),
    acquire_on_login: acquireMode("always"),
    user_verification: userVerification("preferred"),
    attestation_preference: attestationPreference(),
    limit: int(10),
  }),

  webauthn: Type.Object({
    relying_party: Type.Object({
      id: str("localhost"),
      display_name: str("Hanko Authentication Service"),
      origins: strList(["http://localhost:8888"]),
      icon: str(), // unused by Hanko
    }),
    timeouts: Type.Object({
      registration: int(600000), // milliseconds
      login: int(600000), // milliseconds
    }),
    // Deprecated: webauthn.timeouts (milliseconds).
    timeout: int(600000),
    // Deprecated: passkey.user_verification (still validated by Hanko).
    user_verification: userVerification("preferred"),
  }),

  mfa: Type.Object({
    enabled: bool(true),
    optional: bool(true),
    acquire_on_registration: bool(true),
    acquire_on_login: bool(false),
    device_trust_policy: oneOf(["always", "prompt", "never"], "prompt"),
    device_trust_duration: duration("720h"),
    device_trust_cookie_name: str("hanko-device-token"),
    device_trust_max_users_per_device: int(20),
    totp: Type.Object({
      enabled: bool(true),
    }),
    security_keys: Type.Object({
      enabled: bool(true),
      limit: int(10),
      user_verification: userVerification("discouraged"),
      attestation_preference: attestationPreference(),
      authenticator_attachment: oneOf(["platform", "cross-platform", "no_preference"], "cross-platform"),
    }),
  }),

  third_party: Type.Object({
    redirect_url: str(),
    error_redirect_url: str(),
    default_redirect_url: str(),
    allowed_redirect_urls: strList(),
    providers: Type.Object({
      apple: thirdPartyProvider(),
      discord: thirdPartyProvider(),
      github: thirdPartyProvider(),
      google: thirdPartyProvider(),
      linkedin: thirdPartyProvider(),
      microsoft: thirdPartyProvider(),
      facebook: thirdPartyProvider(),
    }),
    // Keys are lower-cased when loading; the provider id is `custom_<key>`.
    custom_providers: Type.Record(Type.String(), CustomThirdPartyProviderSchema, { default: {} }),
  }),

  saml: Type.Object({
    enabled: bool(false),
    // A trailing `/` is removed when loading.
    endpoint_url: str(),
    audience_uri: str(),
    default_redirect_url: str(),
    allowed_redirect_urls: strList(),
    options: Type.Object({
      sign_authn_requests: bool(false),
      force_login: bool(false),
      validate_encryption_cert: bool(false),
      skip_signature_validation: bool(false),
      allow_missing_attributes: bool(false),
    }),
    identity_providers: Type.Array(SamlIdentityProviderSchema, { default: [] }),
  }),

  audit_log: Type.Object({
    console_output: Type.Object({
      enabled: bool(true),
      output: oneOf(["stdout", "stderr"], "stdout"),
    }),
    storage: Type.Object({
      enabled: bool(false),
    }),
    mask: bool(true),
    retention: durationText("720h"),
  }),

  rate_limiter: Type.Object({
    enabled: bool(true),
    // Ours: `sqlite` keeps the buckets in a SQLite file (rate_limiter.sqlite_path).
    store: oneOf(["in_memory", "redis", "sqlite"], "in_memory"),
    redis_config: redisConfig(),
    // Ours: the SQLite file used when store is `sqlite`.
    sqlite_path: str("./hanko-ratelimit.sqlite"),
    passcode_limits: rateLimits(3),
    password_limits: rateLimits(5),
    otp_limits: rateLimits(3),
    token_limits: rateLimits(3),
    // Ours, per client address alone (Hanko's buckets above are per address and identifier, so a new
    // identifier starts a fresh one): flows created, mails of any kind, password checks (a hash each).
    flow_creation_limits: rateLimits(100),
    email_limits: rateLimits(20, "10m"),
    password_ip_limits: rateLimits(5, "15s"),
  }),

  flow_locker: Type.Object({
    enabled: bool(true),
    store: oneOf(["in_memory", "redis"], "in_memory"),
    redis_config: redisConfig(),
    // Hanko's field is zero and the Redis locker then uses 15s; an explicit 0 still means 15s.
    ttl: duration("15s"),
  }),

  webhooks: Type.Object({
    enabled: bool(false),
    allow_time_expiration: bool(false),
    // From Hanko's feat-webhook-callback-url-security branch (backend/config/config_webhook.go and
    // config_default.go): where callbacks may point, the SSRF protection of webhooks.
    security: Type.Object({
      mode: oneOf(["public_only", "internal_only", "custom", "insecure"], "public_only"),
      allowed_schemes: strList(["https"]),
      follow_redirects: bool(false),
      max_redirects: int(0),
      skip_resolved_ip_validation: bool(false),
      allowed_hosts: strList(),
      allowed_domains: strList(),
      allowed_cidrs: strList(),
      blocked_hosts: strList(),
      blocked_domains: strList(),
      blocked_cidrs: strList(),
      deny_metadata_endpoints: bool(true),
      sanitize_errors: bool(true), // the JSON schema claims false
    }),
    hooks: Type.Array(WebhookSchema, { default: [] }),
    /** Ours (Hanko does not retry): how long an event that cannot be delivered is retried before it is marked failed. */
    retry_for: duration("24h"),
  }),

  security_notifications: Type.Object({
    notifications: Type.Object({
      password_update: notification(),
      // Hanko 2.7 gates its primary-email notification by email_create and never reads this one; here it is its switch.
      primary_email_update: notification(),
      email_create: notification(),
      email_delete: notification(),
      passkey_create: notification(),
      mfa_create: notification(),
      mfa_delete: notification(),
    }),
  }),

  // Ours: a built-in page with hanko-elements (<hanko-auth>, <hanko-profile>); empty api_url means http://localhost:<public port>.
  sign_in_page: Type.Object({
    enabled: bool(false),
    address: str(":8888"),
    api_url: str(),
  }),

  // Ours: each serving node deletes expired flows, WebAuthn challenges and audit logs past
  // audit_log.retention every `interval`, what Hanko leaves to a manual `hanko cleanup --run`.
  cleanup: Type.Object({
    enabled: bool(true),
    interval: durationText("1h"),
  }),
});

export type Config = Static<typeof ConfigSchema>;
export type CustomThirdPartyProvider = Static<typeof CustomThirdPartyProviderSchema>;
export type SamlIdentityProvider = Static<typeof SamlIdentityProviderSchema>;
export type Webhook = Static<typeof WebhookSchema>;
export type ThirdPartyProviderName = (typeof THIRD_PARTY_PROVIDER_NAMES)[number];

/** Webhook events Hanko accepts in a subscription (tag). */
export const WEBHOOK_EVENTS = [
  "user",
  "user.create",
  "user.delete",
  "user.login",
  "user.update",
  "user.update.email",
  "user.update.email.create",
  "user.update.email.delete",
  "user.update.email.primary",
  "user.update.password.update",
  "user.update.username",
  "user.update.username.create",
  "user.update.username.delete",
  "user.update.username.update",
  "email.send",
  // Hanko's main branch adds these after 2.7.
  "session",
  "session.create",
  "session.create.flow",
  "session.create.admin",
  "session.delete",
  "session.delete.explicit",
  "session.delete.explicit.logout",
  "session.delete.explicit.revoke",
  "session.delete.admin",
  "session.delete.admin.revoke",
  "session.delete.passive",
  "session.delete.passive.expire",
  "session.delete.passive.limit",
] as const;

/** A fresh Config holding every default. */
export function defaultConfig(): Config {
  return Value.Create(ConfigSchema);
}

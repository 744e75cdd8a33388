// Environment overrides with Hanko's exact variable names. Hanko derives them from its Go struct field
// names (kelseyhightower/envconfig, no prefix): parent names joined by `_`, each field either as one
// upper-cased word or, for fields tagged `split_words`, split at camel-case boundaries. Which fields are
// split is arbitrary, so the names are listed here one by one instead of being derived from our keys.
//
// Not settable from the environment (Hanko's decoder cannot fill them either): saml.identity_providers,
// third_party.custom_providers and session.jwt_template.claims.

import type { TSchema } from "@sinclair/typebox";
import { isDuration } from "../gocompat/duration.ts";
import { describeValue, elementSchema, isGoDuration, isGoUint, kindOf, schemaAt } from "./describe.ts";
import type { ConfigProblem } from "./errors.ts";
import { parseGoBool, parseGoInt, parseGoUint } from "../gocompat/strconv.ts";
import { ConfigSchema, type Config, type Webhook } from "./schema.ts";

/** Config key path → environment variable name. */
export const ENV_VARIABLES: Readonly<Record<string, string>> = {
  convert_legacy_config: "CONVERT_LEGACY_CONFIG",
  convert_legacy_server_side_session_config: "CONVERT_LEGACY_SERVER_SIDE_SESSION_CONFIG",
  debug: "DEBUG",

  "account.allow_deletion": "ACCOUNT_ALLOWDELETION",
  "account.allow_signup": "ACCOUNT_ALLOWSIGNUP",

  "privacy.show_account_existence_hints": "PRIVACY_SHOW_ACCOUNT_EXISTENCE_HINTS",
  "privacy.only_show_actual_login_methods": "PRIVACY_ONLY_SHOW_ACTUAL_LOGIN_METHODS",

  "service.name": "SERVICE_NAME",

  "log.log_health_and_metrics": "LOG_LOGHEALTHANDMETRICS",
  "log.format": "LOG_FORMAT", // ours

  "server.public.address": "SERVER_PUBLIC_ADDRESS",
  "server.public.cors.allow_origins": "SERVER_PUBLIC_CORS_ALLOW_ORIGINS",
  "server.public.cors.unsafe_wildcard_origin_allowed": "SERVER_PUBLIC_CORS_UNSAFE_WILDCARD_ORIGIN_ALLOWED",
  "server.admin.address": "SERVER_ADMIN_ADDRESS",
  "server.admin.cors.allow_origins": "SERVER_ADMIN_CORS_ALLOW_ORIGINS",
  "server.admin.cors.unsafe_wildcard_origin_allowed": "SERVER_ADMIN_CORS_UNSAFE_WILDCARD_ORIGIN_ALLOWED",
  "server.admin.api_keys": "SERVER_ADMIN_API_KEYS", // ours
  "server.ip.extractor": "SERVER_IP_EXTRACTOR", // Hanko HEAD
  "server.ip.trusted_proxies": "SERVER_IP_TRUSTEDPROXIES", // Hanko HEAD

  "database.url": "DATABASE_URL",
  "database.dialect": "DATABASE_DIALECT",
  "database.host": "DATABASE_HOST",
  "database.port": "DATABASE_PORT",
  "database.database": "DATABASE_DATABASE",
  "database.user": "DATABASE_USER",
  "database.password": "DATABASE_PASSWORD",

  "secrets.keys": "SECRETS_KEYS",
  "secrets.key_management.type": "SECRETS_KEYMANAGEMENT_TYPE",
  "secrets.key_management.key_id": "SECRETS_KEYMANAGEMENT_KEYID",
  "secrets.key_management.region": "SECRETS_KEYMANAGEMENT_REGION",

  "session.lifespan": "SESSION_LIFESPAN",
  "session.audience": "SESSION_AUDIENCE",
  "session.issuer": "SESSION_ISSUER",
  "session.enable_auth_token_header": "SESSION_ENABLE_AUTH_TOKEN_HEADER",
  "session.limit": "SESSION_LIMIT",
  "session.allow_revocation": "SESSION_ALLOWREVOCATION",
  "session.show_on_profile": "SESSION_SHOWONPROFILE",
  "session.acquire_ip_address": "SESSION_ACQUIREIPADDRESS",
  "session.acquire_user_agent": "SESSION_ACQUIREUSERAGENT",
  "session.idle_timeout": "SESSION_IDLE_TIMEOUT",
  "session.cookie.name": "SESSION_COOKIE_NAME",
  "session.cookie.domain": "SESSION_COOKIE_DOMAIN",
  "session.cookie.http_only": "SESSION_COOKIE_HTTP_ONLY",
  "session.cookie.secure": "SESSION_COOKIE_SECURE",
  "session.cookie.same_site": "SESSION_COOKIE_SAME_SITE",
  "session.cookie.retention": "SESSION_COOKIE_RETENTION",
  "session.server_side.enabled": "SESSION_SERVERSIDE_ENABLED",
  "session.server_side.limit": "SESSION_SERVERSIDE_LIMIT",

  "email.enabled": "EMAIL_ENABLED",
  "email.optional": "EMAIL_OPTIONAL",
  "email.acquire_on_registration": "EMAIL_ACQUIRE_ON_REGISTRATION",
  "email.acquire_on_login": "EMAIL_ACQUIRE_ON_LOGIN",
  "email.require_verification": "EMAIL_REQUIRE_VERIFICATION",
  "email.limit": "EMAIL_LIMIT",
  "email.max_length": "EMAIL_MAXLENGTH",
  "email.use_as_login_identifier": "EMAIL_USEASLOGINIDENTIFIER",
  "email.use_for_authentication": "EMAIL_USEFORAUTHENTICATION",
  "email.passcode_ttl": "EMAIL_PASSCODETTL",
  "email.passcode_charset": "EMAIL_PASSCODECHARSET",

  "email_delivery.enabled": "EMAIL_DELIVERY_ENABLED",
  "email_delivery.from_address": "EMAIL_DELIVERY_FROM_ADDRESS",
  "email_delivery.from_name": "EMAIL_DELIVERY_FROM_NAME",
  "email_delivery.smtp.host": "EMAIL_DELIVERY_SMTP_HOST",
  "email_delivery.smtp.port": "EMAIL_DELIVERY_SMTP_PORT",
  "email_delivery.smtp.user": "EMAIL_DELIVERY_SMTP_USER",
  "email_delivery.smtp.password": "EMAIL_DELIVERY_SMTP_PASSWORD",
  "email_delivery.transport": "EMAIL_DELIVERY_TRANSPORT", // ours

  "passcode.ttl": "PASSCODE_TTL",
  "emails.require_verification": "EMAILS_REQUIRE_VERIFICATION",
  "emails.max_num_of_addresses": "EMAILS_MAX_NUM_OF_ADDRESSES",
  "smtp.host": "SMTP_HOST",
  "smtp.port": "SMTP_PORT",
  "smtp.user": "SMTP_USER",
  "smtp.password": "SMTP_PASSWORD",

  "password.enabled": "PASSWORD_ENABLED",
  "password.optional": "PASSWORD_OPTIONAL",
  "password.acquire_on_registration": "PASSWORD_ACQUIRE_ON_REGISTRATION",
  "password.acquire_on_login": "PASSWORD_ACQUIRE_ON_LOGIN",
  "password.recovery": "PASSWORD_RECOVERY",
  "password.min_length": "PASSWORD_MIN_LENGTH",
  "password.min_password_length": "PASSWORD_MIN_PASSWORD_LENGTH",

  "username.enabled": "USERNAME_ENABLED",
  "username.optional": "USERNAME_OPTIONAL",
  "username.acquire_on_registration": "USERNAME_ACQUIRE_ON_REGISTRATION",
  "username.acquire_on_login": "USERNAME_ACQUIRE_ON_LOGIN",
  "username.use_as_login_identifier": "USERNAME_USEASLOGINIDENTIFIER",
  "username.min_length": "USERNAME_MIN_LENGTH",
  "username.max_length": "USERNAME_MAXLENGTH",

  "passkey.enabled": "PASSKEY_ENABLED",
  "passkey.optional": "PASSKEY_OPTIONAL",
  "passkey.acquire_on_registration": "PASSKEY_ACQUIRE_ON_REGISTRATION",
  "passkey.acquire_on_login": "PASSKEY_ACQUIRE_ON_LOGIN",
  "passkey.user_verification": "PASSKEY_USER_VERIFICATION",
  "passkey.attestation_preference": "PASSKEY_ATTESTATION_PREFERENCE",
  "passkey.limit": "PASSKEY_LIMIT",

  "webauthn.relying_party.id": "WEBAUTHN_RELYING_PARTY_ID",
  "webauthn.relying_party.display_name": "WEBAUTHN_RELYING_PARTY_DISPLAY_NAME",
  "webauthn.relying_party.origins": "WEBAUTHN_RELYING_PARTY_ORIGINS",
  "webauthn.relying_party.icon": "WEBAUTHN_RELYING_PARTY_ICON",
  "webauthn.timeouts.registration": "WEBAUTHN_TIMEOUTS_REGISTRATION",
  "webauthn.timeouts.login": "WEBAUTHN_TIMEOUTS_LOGIN",
  "webauthn.timeout": "WEBAUTHN_TIMEOUT",
  "webauthn.user_verification": "WEBAUTHN_USER_VERIFICATION",

  "mfa.enabled": "MFA_ENABLED",
  "mfa.optional": "MFA_OPTIONAL",
  "mfa.acquire_on_registration": "MFA_ACQUIREONREGISTRATION",
  "mfa.acquire_on_login": "MFA_ACQUIREONLOGIN",
  "mfa.device_trust_policy": "MFA_DEVICE_TRUST_POLICY",
  "mfa.device_trust_duration": "MFA_DEVICETRUSTDURATION",
  "mfa.device_trust_cookie_name": "MFA_DEVICETRUSTCOOKIENAME",
  "mfa.device_trust_max_users_per_device": "MFA_DEVICETRUSTMAXUSERSPERDEVICE",
  "mfa.totp.enabled": "MFA_TOTP_ENABLED",
  "mfa.security_keys.enabled": "MFA_SECURITYKEYS_ENABLED",
  "mfa.security_keys.limit": "MFA_SECURITYKEYS_LIMIT",
  "mfa.security_keys.user_verification": "MFA_SECURITYKEYS_USER_VERIFICATION",
  "mfa.security_keys.attestation_preference": "MFA_SECURITYKEYS_ATTESTATION_PREFERENCE",
  "mfa.security_keys.authenticator_attachment": "MFA_SECURITYKEYS_AUTHENTICATOR_ATTACHMENT",

  "third_party.redirect_url": "THIRD_PARTY_REDIRECT_URL",
  "third_party.error_redirect_url": "THIRD_PARTY_ERROR_REDIRECT_URL",
  "third_party.default_redirect_url": "THIRD_PARTY_DEFAULT_REDIRECT_URL",
  "third_party.allowed_redirect_urls": "THIRD_PARTY_ALLOWED_REDIRECT_URLS",
  "third_party.providers.apple.enabled": "THIRD_PARTY_PROVIDERS_APPLE_ENABLED",
  "third_party.providers.apple.client_id": "THIRD_PARTY_PROVIDERS_APPLE_CLIENT_ID",
  "third_party.providers.apple.secret": "THIRD_PARTY_PROVIDERS_APPLE_SECRET",
  "third_party.providers.apple.allow_linking": "THIRD_PARTY_PROVIDERS_APPLE_ALLOW_LINKING",
  "third_party.providers.apple.prompt": "THIRD_PARTY_PROVIDERS_APPLE_PROMPT",
  "third_party.providers.discord.enabled": "THIRD_PARTY_PROVIDERS_DISCORD_ENABLED",
  "third_party.providers.discord.client_id": "THIRD_PARTY_PROVIDERS_DISCORD_CLIENT_ID",
  "third_party.providers.discord.secret": "THIRD_PARTY_PROVIDERS_DISCORD_SECRET",
  "third_party.providers.discord.allow_linking": "THIRD_PARTY_PROVIDERS_DISCORD_ALLOW_LINKING",
  "third_party.providers.discord.prompt": "THIRD_PARTY_PROVIDERS_DISCORD_PROMPT",
  "third_party.providers.github.enabled": "THIRD_PARTY_PROVIDERS_GITHUB_ENABLED",
  "third_party.providers.github.client_id": "THIRD_PARTY_PROVIDERS_GITHUB_CLIENT_ID",
  "third_party.providers.github.secret": "THIRD_PARTY_PROVIDERS_GITHUB_SECRET",
  "third_party.providers.github.allow_linking": "THIRD_PARTY_PROVIDERS_GITHUB_ALLOW_LINKING",
  "third_party.providers.github.prompt": "THIRD_PARTY_PROVIDERS_GITHUB_PROMPT",
  "third_party.providers.google.enabled": "THIRD_PARTY_PROVIDERS_GOOGLE_ENABLED",
  "third_party.providers.google.client_id": "THIRD_PARTY_PROVIDERS_GOOGLE_CLIENT_ID",
  "third_party.providers.google.secret": "THIRD_PARTY_PROVIDERS_GOOGLE_SECRET",
  "third_party.providers.google.allow_linking": "THIRD_PARTY_PROVIDERS_GOOGLE_ALLOW_LINKING",
  "third_party.providers.google.prompt": "THIRD_PARTY_PROVIDERS_GOOGLE_PROMPT",
  "third_party.providers.linkedin.enabled": "THIRD_PARTY_PROVIDERS_LINKEDIN_ENABLED",
  "third_party.providers.linkedin.client_id": "THIRD_PARTY_PROVIDERS_LINKEDIN_CLIENT_ID",
  "third_party.providers.linkedin.secret": "THIRD_PARTY_PROVIDERS_LINKEDIN_SECRET",
  "third_party.providers.linkedin.allow_linking": "THIRD_PARTY_PROVIDERS_LINKEDIN_ALLOW_LINKING",
  "third_party.providers.linkedin.prompt": "THIRD_PARTY_PROVIDERS_LINKEDIN_PROMPT",
  "third_party.providers.microsoft.enabled": "THIRD_PARTY_PROVIDERS_MICROSOFT_ENABLED",
  "third_party.providers.microsoft.client_id": "THIRD_PARTY_PROVIDERS_MICROSOFT_CLIENT_ID",
  "third_party.providers.microsoft.secret": "THIRD_PARTY_PROVIDERS_MICROSOFT_SECRET",
  "third_party.providers.microsoft.allow_linking": "THIRD_PARTY_PROVIDERS_MICROSOFT_ALLOW_LINKING",
  "third_party.providers.microsoft.prompt": "THIRD_PARTY_PROVIDERS_MICROSOFT_PROMPT",
  "third_party.providers.facebook.enabled": "THIRD_PARTY_PROVIDERS_FACEBOOK_ENABLED",
  "third_party.providers.facebook.client_id": "THIRD_PARTY_PROVIDERS_FACEBOOK_CLIENT_ID",
  "third_party.providers.facebook.secret": "THIRD_PARTY_PROVIDERS_FACEBOOK_SECRET",
  "third_party.providers.facebook.allow_linking": "THIRD_PARTY_PROVIDERS_FACEBOOK_ALLOW_LINKING",
  "third_party.providers.facebook.prompt": "THIRD_PARTY_PROVIDERS_FACEBOOK_PROMPT",

  "saml.enabled": "SAML_ENABLED",
  "saml.endpoint_url": "SAML_ENDPOINT",
  "saml.audience_uri": "SAML_AUDIENCEURI",
  "saml.default_redirect_url": "SAML_DEFAULTREDIRECTURL",
  "saml.allowed_redirect_urls": "SAML_ALLOWED_REDIRECT_URLS",
  "saml.options.sign_authn_requests": "SAML_OPTIONS_SIGNAUTHNREQUESTS",
  "saml.options.force_login": "SAML_OPTIONS_FORCELOGIN",
  "saml.options.validate_encryption_cert": "SAML_OPTIONS_VALIDATEENCRYPTIONCERTIFICATE",
  "saml.options.skip_signature_validation": "SAML_OPTIONS_SKIPSIGNATUREVALIDATION",
  "saml.options.allow_missing_attributes": "SAML_OPTIONS_ALLOWMISSINGATTRIBUTES",

  "audit_log.console_output.enabled": "AUDIT_LOG_CONSOLE_OUTPUT_ENABLED",
  "audit_log.console_output.output": "AUDIT_LOG_CONSOLE_OUTPUT_OUTPUT_STREAM",
  "audit_log.storage.enabled": "AUDIT_LOG_STORAGE_ENABLED",
  "audit_log.mask": "AUDIT_LOG_MASK",
  "audit_log.retention": "AUDIT_LOG_RETENTION",

  "rate_limiter.enabled": "RATE_LIMITER_ENABLED",
  "rate_limiter.store": "RATE_LIMITER_STORE",
  "rate_limiter.redis_config.address": "RATE_LIMITER_REDIS_ADDRESS",
  "rate_limiter.redis_config.password": "RATE_LIMITER_REDIS_PASSWORD",
  "rate_limiter.sqlite_path": "RATE_LIMITER_SQLITE_PATH", // ours
  "rate_limiter.passcode_limits.tokens": "RATE_LIMITER_PASSCODE_LIMITS_TOKENS",
  "rate_limiter.passcode_limits.interval": "RATE_LIMITER_PASSCODE_LIMITS_INTERVAL",
  "rate_limiter.password_limits.tokens": "RATE_LIMITER_PASSWORD_LIMITS_TOKENS",
  "rate_limiter.password_limits.interval": "RATE_LIMITER_PASSWORD_LIMITS_INTERVAL",
  "rate_limiter.otp_limits.tokens": "RATE_LIMITER_OTP_LIMITS_TOKENS",
  "rate_limiter.otp_limits.interval": "RATE_LIMITER_OTP_LIMITS_INTERVAL",
  "rate_limiter.token_limits.tokens": "RATE_LIMITER_TOKEN_LIMITS_TOKENS",
  "rate_limiter.token_limits.interval": "RATE_LIMITER_TOKEN_LIMITS_INTERVAL",
  "rate_limiter.flow_creation_limits.tokens": "RATE_LIMITER_FLOW_CREATION_LIMITS_TOKENS", // ours
  "rate_limiter.flow_creation_limits.interval": "RATE_LIMITER_FLOW_CREATION_LIMITS_INTERVAL", // ours
  "rate_limiter.email_limits.tokens": "RATE_LIMITER_EMAIL_LIMITS_TOKENS", // ours
  "rate_limiter.email_limits.interval": "RATE_LIMITER_EMAIL_LIMITS_INTERVAL", // ours
  "rate_limiter.password_ip_limits.tokens": "RATE_LIMITER_PASSWORD_IP_LIMITS_TOKENS", // ours
  "rate_limiter.password_ip_limits.interval": "RATE_LIMITER_PASSWORD_IP_LIMITS_INTERVAL", // ours

  "flow_locker.enabled": "FLOWLOCKER_ENABLED",
  "flow_locker.store": "FLOWLOCKER_STORE",
  "flow_locker.redis_config.address": "FLOWLOCKER_REDIS_ADDRESS",
  "flow_locker.redis_config.password": "FLOWLOCKER_REDIS_PASSWORD",
  "flow_locker.ttl": "FLOWLOCKER_TTL",

  "webhooks.enabled": "WEBHOOKS_ENABLED",
  "webhooks.allow_time_expiration": "WEBHOOKS_ALLOWTIMEEXPIRATION",
  "webhooks.hooks": "WEBHOOKS_HOOKS",
  "webhooks.security.mode": "WEBHOOKS_SECURITY_MODE",
  "webhooks.security.allowed_schemes": "WEBHOOKS_SECURITY_ALLOWEDSCHEMES",
  "webhooks.security.follow_redirects": "WEBHOOKS_SECURITY_FOLLOWREDIRECTS",
  "webhooks.security.max_redirects": "WEBHOOKS_SECURITY_MAXREDIRECTS",
  "webhooks.security.skip_resolved_ip_validation": "WEBHOOKS_SECURITY_SKIPRESOLVEDIPVALIDATION",
  "webhooks.security.allowed_hosts": "WEBHOOKS_SECURITY_ALLOWEDHOSTS",
  "webhooks.security.allowed_domains": "WEBHOOKS_SECURITY_ALLOWEDDOMAINS",
  "webhooks.security.allowed_cidrs": "WEBHOOKS_SECURITY_ALLOWEDCIDRS",
  "webhooks.security.blocked_hosts": "WEBHOOKS_SECURITY_BLOCKEDHOSTS",
  "webhooks.security.blocked_domains": "WEBHOOKS_SECURITY_BLOCKEDDOMAINS",
  "webhooks.security.blocked_cidrs": "WEBHOOKS_SECURITY_BLOCKEDCIDRS",
  "webhooks.security.deny_metadata_endpoints": "WEBHOOKS_SECURITY_DENYMETADATAENDPOINTS",
  "webhooks.security.sanitize_errors": "WEBHOOKS_SECURITY_SANITIZEERRORS",
  // Ours, named as Hanko names its variables.
  "webhooks.retry_for": "WEBHOOKS_RETRYFOR",

  "security_notifications.notifications.password_update.enabled": "SECURITYNOTIFICATIONS_NOTIFICATIONS_PASSWORDUPDATE_ENABLED",
  "security_notifications.notifications.primary_email_update.enabled": "SECURITYNOTIFICATIONS_NOTIFICATIONS_PRIMARYEMAILUPDATE_ENABLED",
  "security_notifications.notifications.email_create.enabled": "SECURITYNOTIFICATIONS_NOTIFICATIONS_EMAILCREATE_ENABLED",
  "security_notifications.notifications.email_delete.enabled": "SECURITYNOTIFICATIONS_NOTIFICATIONS_EMAILDELETE_ENABLED",
  "security_notifications.notifications.passkey_create.enabled": "SECURITYNOTIFICATIONS_NOTIFICATIONS_PASSKEYCREATE_ENABLED",
  "security_notifications.notifications.mfa_create.enabled": "SECURITYNOTIFICATIONS_NOTIFICATIONS_MFACREATE_ENABLED",
  "security_notifications.notifications.mfa_delete.enabled": "SECURITYNOTIFICATIONS_NOTIFICATIONS_MFADELETE_ENABLED",

  "sign_in_page.enabled": "SIGN_IN_PAGE_ENABLED", // ours
  "sign_in_page.address": "SIGN_IN_PAGE_ADDRESS", // ours
  "sign_in_page.api_url": "SIGN_IN_PAGE_API_URL", // ours
  "cleanup.enabled": "CLEANUP_ENABLED", // ours
  "cleanup.interval": "CLEANUP_INTERVAL", // ours
};

const BOOL_SPELLINGS = "1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False";
const HOOKS_EXAMPLE = '{"callback":"https://example.com/hook","events":["user"]}';

type Parsed = { ok: true; value: unknown } | { ok: false; wrong: string; allowed: string };

/**
 * Applies every set variable of ENV_VARIABLES onto `config` (in place). A variable that is set but
 * empty still applies. Values that cannot be parsed leave the key unchanged and are reported.
 */
export function applyEnvOverrides(config: Config, env: Readonly<Record<string, string | undefined>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [path, name] of Object.entries(ENV_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined) continue;
    const segments = path.split(".");
    const schema = schemaAt(ConfigSchema, segments);
    if (schema === undefined) throw new Error(`env table names unknown config key ${path}`);
    const parsed = path === "webhooks.hooks" ? parseHooks(raw) : parseValue(schema, raw);
    if (parsed.ok) {
      setAt(config, segments, parsed.value);
    } else {
      problems.push({
        path,
        message: `environment variable ${name}=${JSON.stringify(raw)} ${parsed.wrong}; ${parsed.allowed}`,
      });
    }
  }
  return problems;
}

function parseValue(schema: TSchema, raw: string): Parsed {
  switch (kindOf(schema)) {
    case "boolean": {
      const value = parseGoBool(raw);
      return value === undefined ? { ok: false, wrong: "is not a boolean", allowed: `use one of ${BOOL_SPELLINGS}` } : { ok: true, value };
    }
    case "integer": {
      const value = isGoUint(schema) ? parseGoUint(raw) : parseGoInt(raw);
      return value === undefined
        ? {
            ok: false,
            wrong: "is not a whole number",
            allowed: isGoUint(schema) ? "use a whole number of 0 or more such as 5" : "use a whole number such as 5 or 0x10",
          }
        : { ok: true, value };
    }
    case "list": {
      // Comma separated without trimming, as Hanko does; an empty value is an empty list.
      const value = raw.trim() === "" ? [] : raw.split(",");
      return kindOf(elementSchema(schema)) === "string"
        ? { ok: true, value }
        : { ok: false, wrong: "cannot be set", allowed: "set it in config.yaml" };
    }
    default:
      if (isGoDuration(schema) && !isDuration(raw)) {
        return { ok: false, wrong: "is not a duration", allowed: "use a Go duration such as 12h, 30m or 1h30m" };
      }
      return { ok: true, value: raw };
  }
}

// WEBHOOKS_HOOKS holds JSON objects separated by `;`, decoded like Go's encoding/json into a hook
// (field names match case-insensitively, unknown fields are ignored, `null` leaves a field empty).
function parseHooks(raw: string): Parsed {
  const hooks: Webhook[] = [];
  const parts = raw.split(";");
  for (const [index, part] of parts.entries()) {
    const which = parts.length > 1 ? `hook ${index + 1} ` : "";
    let json: unknown;
    try {
      json = JSON.parse(part);
    } catch (error) {
      return {
        ok: false,
        wrong: `${which}is not valid JSON (${(error as Error).message})`,
        allowed: `use JSON objects such as ${HOOKS_EXAMPLE} separated by ;`,
      };
    }
    const hook: Webhook = { callback: "", events: [] };
    if (json !== null) {
      if (typeof json !== "object" || Array.isArray(json)) {
        return {
          ok: false,
          wrong: `${which}is ${describeValue(json)}, not a JSON object`,
          allowed: `use JSON objects such as ${HOOKS_EXAMPLE} separated by ;`,
        };
      }
      for (const [key, value] of Object.entries(json)) {
        const field = key.toLowerCase();
        if (field === "callback") {
          if (value !== null && typeof value !== "string") {
            return { ok: false, wrong: `${which}has a callback that is not a string`, allowed: `use ${HOOKS_EXAMPLE}` };
          }
          hook.callback = value ?? "";
        } else if (field === "events") {
          if (value !== null && !(Array.isArray(value) && value.every((e) => e === null || typeof e === "string"))) {
            return { ok: false, wrong: `${which}has events that are not a list of strings`, allowed: `use ${HOOKS_EXAMPLE}` };
          }
          hook.events = ((value ?? []) as (string | null)[]).map((e) => e ?? "");
        }
      }
    }
    hooks.push(hook);
  }
  return { ok: true, value: hooks };
}

function setAt(target: object, segments: readonly string[], value: unknown): void {
  let node = target as Record<string, unknown>;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[segments[segments.length - 1] as string] = value;
}

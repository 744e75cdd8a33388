import type { Config } from "../config/schema.ts";
import type { ProfileView } from "../store/user-views.ts";
import { goTime } from "../gocompat/time.ts";
import { identityDto } from "./identity-dto.ts";
import { webauthnCredentialDto } from "./webauthn-credential-dto.ts";
import { usernameDto } from "./username-dto.ts";

/** `GET /me`: Hanko's ProfileData. Empty parts are left out, as Hanko's `omitempty` does; private metadata never appears. */
export function profileDto(source: ProfileView, config: Config) {
  const { user, credentials, identities, metadata } = source;
  const passkeys = config.passkey.enabled ? credentials.filter((c) => !c.mfa_only).map(webauthnCredentialDto) : [];
  const securityKeys = config.mfa.security_keys.enabled ? credentials.filter((c) => c.mfa_only).map(webauthnCredentialDto) : [];
  const emails = user.emails.map((email) => {
    const linked = identities.filter((i) => i.email_id === email.id).map((i) => identityDto(i, config));
    return {
      id: email.id,
      address: email.address,
      is_verified: email.verified,
      is_primary: email.isPrimary,
      ...(linked.length > 0 && { identity: linked[0], identities: linked }),
    };
  });
  const userIdentities = identities.filter((i) => i.user_id === user.id).map((i) => identityDto(i, config));
  const publicMetadata = parseObject(metadata?.public);
  const unsafeMetadata = parseObject(metadata?.unsafe);
  return {
    id: user.id,
    user_id: user.id,
    ...(passkeys.length > 0 && { passkeys }),
    ...(securityKeys.length > 0 && { security_keys: securityKeys }),
    mfa_config: {
      auth_app_set_up: source.hasOtpSecret,
      totp_enabled: config.mfa.enabled && config.mfa.totp.enabled,
      security_keys_enabled: config.mfa.enabled && config.mfa.security_keys.enabled,
    },
    ...(emails.length > 0 && { emails }),
    ...(user.username && { username: usernameDto(user.username) }),
    created_at: goTime(user.createdAt),
    updated_at: goTime(user.updatedAt),
    ...((publicMetadata || unsafeMetadata) && {
      metadata: { ...(publicMetadata && { public_metadata: publicMetadata }), ...(unsafeMetadata && { unsafe_metadata: unsafeMetadata }) },
    }),
    ...(userIdentities.length > 0 && { identities: userIdentities }),
    ...(user.name && { name: user.name }),
    ...(user.givenName && { given_name: user.givenName }),
    ...(user.familyName && { family_name: user.familyName }),
    ...(user.picture && { picture: user.picture }),
  };
}

function parseObject(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

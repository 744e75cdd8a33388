import { goTime } from "../gocompat/time.ts";
import { webauthnCredentialDto } from "./webauthn-credential-dto.ts";
import type { UserMetadata } from "../store/user-metadata.ts";
import type { AdminUserView } from "../store/user-views.ts";
import { usernameDto } from "./username-dto.ts";

/** Hanko's admin `User` (backend/dto/admin/user.go), field order included; empty parts are left out as Go's `omitempty` does. */
export function adminUserDto(source: AdminUserView) {
  const { user, credentials, password, otp } = source;
  // Only identities reached through the user's emails are shown, in the order of those emails.
  const identities = user.emails.flatMap((email) => (source.identities ?? []).filter((i) => i.email_id === email.id));
  const metadata = source.metadata && metadataDto(source.metadata);
  return {
    id: user.id,
    ...(credentials.length > 0 && { webauthn_credentials: credentials.map(webauthnCredentialDto) }),
    ...(user.emails.length > 0 && {
      emails: user.emails.map((email) => ({
        id: email.id,
        address: email.address,
        is_verified: email.verified,
        is_primary: email.isPrimary,
        created_at: goTime(email.createdAt),
        updated_at: goTime(email.updatedAt),
      })),
    }),
    ...(user.username && { username: usernameDto(user.username) }),
    created_at: goTime(user.createdAt),
    updated_at: goTime(user.updatedAt),
    ...(password && { password: { id: password.id, created_at: goTime(password.createdAt), updated_at: goTime(password.updatedAt) } }),
    ...(identities.length > 0 && {
      identities: identities.map((identity) => ({
        id: identity.id,
        provider_id: identity.provider_user_id,
        provider_name: identity.provider_id,
        email_id: identity.email_id,
        created_at: goTime(identity.created_at),
        updated_at: goTime(identity.updated_at),
      })),
    }),
    ...(otp && { otp: { id: otp.id, created_at: goTime(otp.createdAt) } }),
    ...(metadata && { metadata }),
    ...(user.givenName && { given_name: user.givenName }),
    ...(user.familyName && { family_name: user.familyName }),
    ...(user.name && { name: user.name }),
    ...(user.picture && { picture: user.picture }),
  };
}

/** Each kind is shown unless it is NULL or exactly `{}`; no kind at all means no `metadata`. */
function metadataDto(metadata: UserMetadata) {
  const shown = (text: string | null) => (text === null || text === "{}" ? undefined : (JSON.parse(text) as unknown));
  const [publicMetadata, privateMetadata, unsafeMetadata] = [shown(metadata.public), shown(metadata.private), shown(metadata.unsafe)];
  if (publicMetadata === undefined && privateMetadata === undefined && unsafeMetadata === undefined) return undefined;
  return {
    ...(publicMetadata !== undefined && { public_metadata: publicMetadata }),
    ...(privateMetadata !== undefined && { private_metadata: privateMetadata }),
    ...(unsafeMetadata !== undefined && { unsafe_metadata: unsafeMetadata }),
  };
}

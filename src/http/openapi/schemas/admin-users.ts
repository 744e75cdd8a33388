import { Type } from "@sinclair/typebox";
import { CLOSED, JsonObject, Nullable, Timestamp, Uuid } from "./common.ts";
import { Username, WebauthnCredential } from "./user-parts.ts";

/** Hanko's admin `Email`. */
export const AdminEmail = Type.Object(
  {
    id: Uuid,
    address: Type.String({ description: "Lower-case" }),
    is_verified: Type.Boolean(),
    is_primary: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { ...CLOSED, title: "Email" },
);

/** Note Hanko's names: `provider_id` is the user's id at the provider, `provider_name` the provider's id. */
const AdminIdentity = Type.Object(
  {
    id: Uuid,
    provider_id: Type.String({ description: "The user's id at the provider" }),
    provider_name: Type.String({ description: "The provider: google, custom_<name> or a SAML issuer" }),
    email_id: Nullable(Uuid),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { ...CLOSED, title: "Identity" },
);

/** Each kind is left out when it is empty; `metadata` itself when all are. */
export const AdminMetadata = Type.Object(
  { public_metadata: Type.Optional(JsonObject), private_metadata: Type.Optional(JsonObject), unsafe_metadata: Type.Optional(JsonObject) },
  { ...CLOSED, title: "Metadata" },
);

export const PasswordCredential = Type.Object(
  { id: Uuid, created_at: Timestamp, updated_at: Timestamp },
  { ...CLOSED, title: "PasswordCredential" },
);

export const OtpCredential = Type.Object(
  { id: Uuid, created_at: Timestamp },
  { ...CLOSED, title: "OTPCredential", description: "The secret itself is never shown" },
);

/** What the list shows of a user: no password, OTP, identities or metadata. */
const listed = {
  id: Uuid,
  webauthn_credentials: Type.Optional(Type.Array(WebauthnCredential)),
  emails: Type.Optional(Type.Array(AdminEmail)),
  username: Type.Optional(Username),
  created_at: Timestamp,
  updated_at: Timestamp,
  given_name: Type.Optional(Type.String()),
  family_name: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  picture: Type.Optional(Type.String()),
};

export const AdminUserListItem = Type.Object(listed, {
  ...CLOSED,
  title: "UserListItem",
  description: "A user in the list; empty parts are left out",
});

export const AdminUser = Type.Object(
  {
    ...listed,
    password: Type.Optional(PasswordCredential),
    identities: Type.Optional(Type.Array(AdminIdentity, { description: "Only identities linked to one of the user's emails" })),
    otp: Type.Optional(OtpCredential),
    metadata: Type.Optional(AdminMetadata),
  },
  { ...CLOSED, title: "User", description: "A user; empty parts are left out" },
);

export const CreateUserBody = Type.Object(
  {
    id: Type.Optional(Type.String({ format: "uuid", description: "Absent or the nil UUID: a new one is made" })),
    emails: Type.Optional(
      Type.Array(
        Type.Object({
          address: Type.String({ format: "email" }),
          is_primary: Type.Optional(Type.Boolean()),
          is_verified: Type.Optional(Type.Boolean()),
        }),
        { description: "Unique by address, exactly one primary when any are given" },
      ),
    ),
    username: Type.Optional(Nullable(Type.String({ description: "Stored as given" }))),
    created_at: Type.Optional(Nullable(Type.String({ format: "date-time", description: "Absent: now" }))),
  },
  { title: "CreateUser", description: "At least one of emails and username" },
);

const patchable = (description: string) => Type.Optional(Nullable(Type.String({ description })));

export const PatchUserBody = Type.Object(
  {
    username: patchable("Trimmed and lower-cased; letters, digits and _"),
    name: patchable("Trimmed"),
    given_name: patchable("Trimmed"),
    family_name: patchable("Trimmed"),
    picture: patchable("An absolute http(s) URL without user info, at most 2048 characters"),
  },
  { title: "PatchUser", description: "Per field: absent leaves it, null clears it, a non-empty string sets it" },
);

export const MetadataPatchBody = Nullable(
  Type.Object({
    public_metadata: Type.Optional(Nullable(JsonObject)),
    private_metadata: Type.Optional(Nullable(JsonObject)),
    unsafe_metadata: Type.Optional(Nullable(JsonObject)),
  }),
);

export const CreateEmailBody = Type.Object({
  address: Type.String({ format: "email" }),
  is_verified: Type.Optional(Type.Boolean()),
  is_primary: Type.Optional(Type.Boolean({ description: "Accepted and ignored, as in Hanko" })),
});

export const PasswordBody = Type.Object({ password: Type.String({ minLength: 1, description: "At most 72 bytes" }) });

import { Type } from "@sinclair/typebox";
import { CLOSED, JsonObject, MapOf, Nullable, Timestamp, Uuid } from "./common.ts";
import { Username, WebauthnCredential } from "./user-parts.ts";

const PublicIdentity = Type.Object(
  {
    id: Type.String({ description: "The user's id at the provider" }),
    provider: Type.String({ description: "The provider's display name" }),
    identity_id: Uuid,
  },
  { ...CLOSED, title: "Identity" },
);

/** `GET /me`: Hanko's ProfileData; empty parts are left out and private metadata never appears. */
export const Profile = Type.Object(
  {
    id: Uuid,
    user_id: Uuid,
    passkeys: Type.Optional(Type.Array(WebauthnCredential)),
    security_keys: Type.Optional(Type.Array(WebauthnCredential)),
    mfa_config: Type.Object(
      { auth_app_set_up: Type.Boolean(), totp_enabled: Type.Boolean(), security_keys_enabled: Type.Boolean() },
      CLOSED,
    ),
    emails: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Uuid,
            address: Type.String(),
            is_verified: Type.Boolean(),
            is_primary: Type.Boolean(),
            identity: Type.Optional(PublicIdentity),
            identities: Type.Optional(Type.Array(PublicIdentity)),
          },
          CLOSED,
        ),
      ),
    ),
    username: Type.Optional(Username),
    created_at: Timestamp,
    updated_at: Timestamp,
    metadata: Type.Optional(
      Type.Object({ public_metadata: Type.Optional(JsonObject), unsafe_metadata: Type.Optional(JsonObject) }, CLOSED),
    ),
    identities: Type.Optional(Type.Array(PublicIdentity)),
    name: Type.Optional(Type.String()),
    given_name: Type.Optional(Type.String()),
    family_name: Type.Optional(Type.String()),
    picture: Type.Optional(Type.String()),
  },
  { ...CLOSED, title: "Profile" },
);

/** The token's claims as Hanko reports them; claims of `session.jwt_template` appear beside these. */
const Claims = Type.Object(
  {
    subject: Uuid,
    issued_at: Type.Optional(Timestamp),
    expiration: Type.Optional(Timestamp),
    audience: Type.Optional(Type.Array(Type.String())),
    issuer: Type.Optional(Type.String()),
    email: Type.Optional(Type.Object({ address: Type.String(), is_primary: Type.Boolean(), is_verified: Type.Boolean() }, CLOSED)),
    username: Type.Optional(Type.String()),
    session_id: Uuid,
  },
  { additionalProperties: true },
);

export const SessionValidation = Type.Union(
  [
    Type.Object(
      {
        is_valid: Type.Literal(true),
        claims: Claims,
        expiration_time: Type.Optional(Timestamp),
        user_id: Uuid,
        idle_expires_at: Type.Optional(Timestamp),
      },
      CLOSED,
    ),
    Type.Object({ is_valid: Type.Literal(false) }, CLOSED),
  ],
  { title: "SessionValidation" },
);

export const SessionValidationBody = Type.Object({ session_token: Type.String({ minLength: 1 }) });

export const Jwks = Type.Object(
  {
    keys: Type.Array(
      Type.Object(
        {
          alg: Type.Literal("RS256"),
          e: Type.String(),
          kid: Type.String(),
          kty: Type.Literal("RSA"),
          n: Type.String(),
          use: Type.Literal("sig"),
        },
        CLOSED,
      ),
    ),
  },
  { ...CLOSED, title: "JWKS" },
);

export const PublicConfig = Type.Object(
  {
    password: Type.Object({ enabled: Type.Boolean(), min_password_length: Type.Integer() }, CLOSED),
    emails: Type.Object({ require_verification: Type.Boolean(), max_num_of_addresses: Type.Integer() }, CLOSED),
    providers: Nullable(Type.Array(Type.String(), { description: "Enabled built-in third-party providers; null when none is" })),
    account: Type.Object({ allow_deletion: Type.Boolean(), allow_signup: Type.Boolean() }, CLOSED),
    use_enterprise: Type.Boolean({ description: "Whether a SAML identity provider is enabled" }),
  },
  { ...CLOSED, title: "PublicConfig" },
);

/** What `GET /openapi.json` answers: this very document, checked only at its top. */
export const OpenApiDocumentSchema = Type.Object(
  {
    openapi: Type.Literal("3.1.0"),
    info: Type.Object({ title: Type.String(), version: Type.String(), description: Type.Optional(Type.String()) }, CLOSED),
    paths: MapOf(JsonObject),
    components: Type.Optional(JsonObject),
  },
  { ...CLOSED, title: "OpenAPI" },
);

import { Type } from "@sinclair/typebox";
import { CLOSED, Timestamp, Uuid } from "./common.ts";

/** Hanko's `WebauthnCredential`, in the admin API and in `GET /me` alike: a passkey, or a security key when `mfa_only`. */
export const WebauthnCredential = Type.Object(
  {
    id: Type.String({ description: "The credential id, base64url" }),
    name: Type.Optional(Type.String({ description: "Left out while the user has not named it" })),
    public_key: Type.String({ description: "The COSE public key, base64url" }),
    attestation_type: Type.String(),
    aaguid: Type.String({ format: "uuid" }),
    last_used_at: Type.Optional(Timestamp),
    created_at: Timestamp,
    transports: Type.Array(Type.String()),
    backup_eligible: Type.Boolean(),
    backup_state: Type.Boolean(),
    mfa_only: Type.Boolean({ description: "true for a security key used as a second factor, false for a passkey" }),
  },
  { ...CLOSED, title: "WebauthnCredential" },
);

export const Username = Type.Object(
  { id: Uuid, username: Type.String(), created_at: Timestamp, updated_at: Timestamp },
  { ...CLOSED, title: "Username" },
);

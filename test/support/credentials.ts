import type { NewCredential } from "../../src/store/webauthn-credentials.ts";

/** A WebAuthn credential row as a store test needs it: a random id, a placeholder key, nothing enrolled by a ceremony. */
export function testCredential(userId: string, fields: Partial<NewCredential> = {}): NewCredential {
  return {
    id: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url"),
    userId,
    publicKey: "pQECAyYgASFYIA",
    attestationType: "none",
    aaguid: "00000000-0000-0000-0000-000000000000",
    signCount: 0,
    name: null,
    backupEligible: false,
    backupState: false,
    mfaOnly: false,
    transports: [],
    createdAt: new Date(),
    ...fields,
  };
}

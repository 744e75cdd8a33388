import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { decodeAttestationObject, parseAuthenticatorData } from "@simplewebauthn/server/helpers";
import { canonicalBase64Url, fromBase64Url } from "./encoding.ts";
import { refuse, type WebauthnResult } from "./types.ts";

/** The members of CollectedClientData the checks use. */
export interface ClientData {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin: boolean;
  topOrigin: string | undefined;
}

/** The fixed-size head of authenticatorData. */
export interface AuthenticatorDataHead {
  rpIdHash: Uint8Array;
  userPresent: boolean;
  userVerified: boolean;
  backupEligible: boolean;
  backupState: boolean;
  attestedCredentialData: boolean;
  signCount: number;
}

export interface ParsedRegistration {
  /** normalised (unpadded base64url, id = rawId, transports cleaned) for @simplewebauthn/server */
  json: RegistrationResponseJSON;
  clientData: ClientData;
  authData: AuthenticatorDataHead & { credentialId: Uint8Array; credentialPublicKey: Uint8Array; aaguid: Uint8Array };
  /** attestation statement format, e.g. `none`, `packed` */
  format: string;
  transports: string[];
}

export interface ParsedAssertion {
  json: AuthenticationResponseJSON;
  /** base64url without padding */
  credentialId: string;
  clientData: ClientData;
  authData: AuthenticatorDataHead;
  /** absent when the client sent none (null, "" or missing) */
  userHandle: Uint8Array | undefined;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The elements send the credential as an object; Hanko also accepts it as a JSON string. */
function credentialObject(input: unknown): Json | undefined {
  if (typeof input === "string") {
    try {
      return asObject(JSON.parse(input));
    } catch {
      return undefined;
    }
  }
  return asObject(input);
}

function base64UrlField(object: Json, name: string): string | undefined {
  const value = object[name];
  return typeof value === "string" && value.length > 0 ? canonicalBase64Url(value) : undefined;
}

/** id, rawId and type shared by both responses; id and rawId must name the same bytes. */
function credentialHead(credential: Json): { id: string; response: Json } | string {
  if (credential.type !== "public-key") return "type is not public-key";
  const id = base64UrlField(credential, "id");
  if (id === undefined) return "id is missing or not base64url";
  const rawId = credential.rawId === undefined ? id : base64UrlField(credential, "rawId");
  if (rawId !== id) return "rawId does not match id";
  const response = asObject(credential.response);
  if (!response) return "response is missing";
  return { id, response };
}

export function parseClientData(encoded: string): ClientData | undefined {
  const bytes = fromBase64Url(encoded);
  if (!bytes) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const object = asObject(parsed);
  if (!object) return undefined;
  const { type, challenge, origin, crossOrigin, topOrigin } = object;
  if (typeof type !== "string" || typeof challenge !== "string" || typeof origin !== "string") return undefined;
  return { type, challenge, origin, crossOrigin: crossOrigin === true, topOrigin: typeof topOrigin === "string" ? topOrigin : undefined };
}

export function parseAuthenticatorDataHead(bytes: Uint8Array): AuthenticatorDataHead | undefined {
  if (bytes.length < 37) return undefined;
  const flags = bytes[32] ?? 0;
  return {
    rpIdHash: bytes.slice(0, 32),
    userPresent: (flags & 0x01) !== 0,
    userVerified: (flags & 0x04) !== 0,
    backupEligible: (flags & 0x08) !== 0,
    backupState: (flags & 0x10) !== 0,
    attestedCredentialData: (flags & 0x40) !== 0,
    signCount: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(33, false),
  };
}

const KNOWN_TRANSPORTS = /^[a-z][a-z0-9-]{0,31}$/;

/** Parses a registration (attestation) response as the SDK sends it: object or JSON text. */
export function parseRegistrationResponse(input: unknown): WebauthnResult<ParsedRegistration> {
  const credential = credentialObject(input);
  if (!credential) return refuse("malformed_response", "not a JSON object");
  const head = credentialHead(credential);
  if (typeof head === "string") return refuse("malformed_response", head);
  const clientDataJSON = base64UrlField(head.response, "clientDataJSON");
  const attestationObject = base64UrlField(head.response, "attestationObject");
  if (!clientDataJSON || !attestationObject) return refuse("malformed_response", "clientDataJSON or attestationObject missing");
  const clientData = parseClientData(clientDataJSON);
  if (!clientData) return refuse("malformed_response", "clientDataJSON is not client data");

  let format: unknown;
  let authDataBytes: unknown;
  let attStmt: unknown;
  try {
    const decoded = decodeAttestationObject(fromBase64Url(attestationObject) as Uint8Array<ArrayBuffer>);
    format = decoded.get("fmt");
    authDataBytes = decoded.get("authData");
    attStmt = decoded.get("attStmt");
  } catch {
    return refuse("malformed_response", "attestationObject is not CBOR");
  }
  if (typeof format !== "string" || !(authDataBytes instanceof Uint8Array) || !(attStmt instanceof Map)) {
    return refuse("malformed_response", "attestationObject lacks fmt, authData or attStmt");
  }
  const authHead = parseAuthenticatorDataHead(authDataBytes);
  let attested: ReturnType<typeof parseAuthenticatorData>;
  try {
    attested = parseAuthenticatorData(authDataBytes as Uint8Array<ArrayBuffer>);
  } catch {
    return refuse("malformed_response", "authenticatorData is malformed");
  }
  if (!authHead || !attested.credentialID || !attested.credentialPublicKey || !attested.aaguid || !authHead.attestedCredentialData) {
    return refuse("malformed_response", "authenticatorData has no attested credential");
  }

  const rawTransports = head.response.transports;
  if (rawTransports !== undefined && rawTransports !== null && !Array.isArray(rawTransports)) {
    return refuse("malformed_response", "transports is not a list");
  }
  const transports = [...new Set((rawTransports ?? []).filter((t): t is string => typeof t === "string" && KNOWN_TRANSPORTS.test(t)))];

  const json: RegistrationResponseJSON = {
    id: head.id,
    rawId: head.id,
    type: "public-key",
    response: { clientDataJSON, attestationObject, transports: transports as RegistrationResponseJSON["response"]["transports"] },
    clientExtensionResults: asObject(credential.clientExtensionResults) ?? {},
  };
  return {
    ok: true,
    value: {
      json,
      clientData,
      authData: {
        ...authHead,
        credentialId: attested.credentialID,
        credentialPublicKey: attested.credentialPublicKey,
        aaguid: attested.aaguid,
      },
      format,
      transports,
    },
  };
}

/** Parses an authentication (assertion) response as the SDK sends it: object or JSON text. */
export function parseAssertionResponse(input: unknown): WebauthnResult<ParsedAssertion> {
  const credential = credentialObject(input);
  if (!credential) return refuse("malformed_response", "not a JSON object");
  const head = credentialHead(credential);
  if (typeof head === "string") return refuse("malformed_response", head);
  const clientDataJSON = base64UrlField(head.response, "clientDataJSON");
  const authenticatorData = base64UrlField(head.response, "authenticatorData");
  const signature = base64UrlField(head.response, "signature");
  if (!clientDataJSON || !authenticatorData || !signature) {
    return refuse("malformed_response", "clientDataJSON, authenticatorData or signature missing");
  }
  const rawUserHandle = head.response.userHandle;
  let userHandle: string | undefined;
  if (typeof rawUserHandle === "string" && rawUserHandle.length > 0) {
    userHandle = canonicalBase64Url(rawUserHandle);
    if (userHandle === undefined) return refuse("malformed_response", "userHandle is not base64url");
  } else if (rawUserHandle !== undefined && rawUserHandle !== null && rawUserHandle !== "") {
    return refuse("malformed_response", "userHandle is not a string");
  }
  const clientData = parseClientData(clientDataJSON);
  if (!clientData) return refuse("malformed_response", "clientDataJSON is not client data");
  const authData = parseAuthenticatorDataHead(fromBase64Url(authenticatorData) as Uint8Array);
  if (!authData) return refuse("malformed_response", "authenticatorData is too short");

  const json: AuthenticationResponseJSON = {
    id: head.id,
    rawId: head.id,
    type: "public-key",
    response: { clientDataJSON, authenticatorData, signature, ...(userHandle === undefined ? {} : { userHandle }) },
    clientExtensionResults: asObject(credential.clientExtensionResults) ?? {},
  };
  return {
    ok: true,
    value: {
      json,
      credentialId: head.id,
      clientData,
      authData,
      userHandle: userHandle === undefined ? undefined : fromBase64Url(userHandle),
    },
  };
}

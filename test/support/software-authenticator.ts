import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";

/**
 * A software WebAuthn authenticator + client for tests: ES256 (P-256) keys, "none" attestation, real
 * signatures. `create`/`get` take the options JSON the server sends (with or without the `publicKey`
 * wrapper) and return the JSON the elements post (webauthn-json shape). Tweaks produce hostile variants.
 */

// ---------------------------------------------------------------------------------------------
// Minimal CBOR (RFC 8949) encoding: unsigned/negative integers, byte and text strings, arrays, maps.

type CborValue = number | string | Uint8Array | CborValue[] | Map<number | string, CborValue>;

function cborHead(major: number, length: number): Uint8Array {
  const m = major << 5;
  if (length < 24) return Uint8Array.of(m | length);
  if (length < 0x100) return Uint8Array.of(m | 24, length);
  if (length < 0x10000) return Uint8Array.of(m | 25, length >> 8, length & 0xff);
  const out = new Uint8Array(5);
  out[0] = m | 26;
  new DataView(out.buffer).setUint32(1, length, false);
  return out;
}

export function cborEncode(value: CborValue): Uint8Array {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || Math.abs(value) > 0xffffffff) throw new Error("cbor: only 32-bit integers");
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    return concat(cborHead(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(cborHead(2, value.length), value);
  if (Array.isArray(value)) return concat(cborHead(4, value.length), ...value.map(cborEncode));
  const parts: Uint8Array[] = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(cborEncode(k), cborEncode(v));
  return concat(...parts);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");
const fromB64u = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64url"));
const sha256 = (data: Uint8Array | string): Uint8Array => new Uint8Array(createHash("sha256").update(data).digest());

// ---------------------------------------------------------------------------------------------

export interface RegistrationResponseJSON {
  id: string;
  rawId: string;
  type: "public-key";
  authenticatorAttachment?: string;
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, unknown>;
}

export interface AuthenticationResponseJSON {
  id: string;
  rawId: string;
  type: "public-key";
  authenticatorAttachment?: string;
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string | null };
  clientExtensionResults: Record<string, unknown>;
}

export interface StoredCredential {
  /** base64url */
  id: string;
  rpId: string;
  /** base64url user handle (user.id of the creation options) */
  userHandle: string;
  discoverable: boolean;
  privateKey: KeyObject;
  counter: number;
}

export interface AuthenticatorFlags {
  /** UP; default true */
  userPresent?: boolean;
  /** UV; default true */
  userVerified?: boolean;
  /** BE; default true (a synced passkey) */
  backupEligible?: boolean;
  /** BS; default true */
  backupState?: boolean;
}

/** Hostile or unusual variants of one ceremony. */
export interface CeremonyTweaks extends AuthenticatorFlags {
  /** clientDataJSON.origin differs from the origin the ceremony ran on */
  origin?: string;
  /** authenticatorData carries SHA-256 of this RP id instead of the real one */
  rpIdForHash?: string;
  /** clientDataJSON.type */
  type?: string;
  /** clientDataJSON.challenge */
  challenge?: string;
  /** change clientDataJSON after the signature was made (assertions) / after hashing (registrations) */
  tamperClientData?: boolean;
  /** flip a bit of the signature */
  tamperSignature?: boolean;
  /** use this counter instead of incrementing */
  counter?: number;
  /** omit the user handle (as a non-discoverable credential would) */
  omitUserHandle?: boolean;
  /** send this user handle (base64url) instead of the stored one */
  userHandle?: string;
  /** pick this credential (base64url) instead of the first matching one */
  credentialId?: string;
  /** COSE algorithm to advertise in the public key (default -7) */
  algorithm?: number;
  /** bytes of a new credential's id (default 32; the WebAuthn maximum is 1023) */
  credentialIdLength?: number;
}

type Wrapped<T> = T | { publicKey: T };
const unwrap = <T extends object>(options: Wrapped<T>): T => ("publicKey" in options ? (options as { publicKey: T }).publicKey : options);

interface CreationOptionsLike {
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: string; alg: number }[];
  excludeCredentials?: { id: string }[];
  authenticatorSelection?: { residentKey?: string; requireResidentKey?: boolean; userVerification?: string };
}

interface RequestOptionsLike {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

export class SoftwareAuthenticator {
  readonly credentials: StoredCredential[] = [];
  private last: RegistrationResponseJSON | AuthenticationResponseJSON | undefined;

  constructor(private readonly defaults: AuthenticatorFlags & { aaguid?: string; transports?: string[] } = {}) {}

  /** The previous response, unchanged (for replay tests). */
  replay<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(): T {
    if (!this.last) throw new Error("nothing to replay");
    return structuredClone(this.last) as T;
  }

  private flags(tweaks: CeremonyTweaks, attested: boolean): number {
    const pick = (key: keyof AuthenticatorFlags, fallback: boolean) => tweaks[key] ?? this.defaults[key] ?? fallback;
    return (
      (pick("userPresent", true) ? 0x01 : 0) |
      (pick("userVerified", true) ? 0x04 : 0) |
      (pick("backupEligible", true) ? 0x08 : 0) |
      (pick("backupState", true) ? 0x10 : 0) |
      (attested ? 0x40 : 0)
    );
  }

  private clientData(type: string, challenge: string, origin: string, tweaks: CeremonyTweaks): Uint8Array {
    return new TextEncoder().encode(
      JSON.stringify({
        type: tweaks.type ?? type,
        challenge: tweaks.challenge ?? challenge,
        origin: tweaks.origin ?? origin,
        crossOrigin: false,
      }),
    );
  }

  /** navigator.credentials.create() on `origin`. */
  create(optionsJSON: Wrapped<CreationOptionsLike>, origin: string, tweaks: CeremonyTweaks = {}): RegistrationResponseJSON {
    const options = unwrap(optionsJSON);
    const rpId = options.rp.id ?? new URL(origin).hostname;
    if (!options.pubKeyCredParams.some((p) => p.alg === -7)) throw new Error("NotSupportedError: ES256 not offered");
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (this.credentials.some((c) => c.rpId === rpId && excluded.has(c.id))) throw new Error("InvalidStateError: credential excluded");

    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const coseKey = cborEncode(
      new Map<number, CborValue>([
        [1, 2],
        [3, tweaks.algorithm ?? -7],
        [-1, 1],
        [-2, fromB64u(jwk.x ?? "")],
        [-3, fromB64u(jwk.y ?? "")],
      ]),
    );
    const credentialId = new Uint8Array(randomBytes(tweaks.credentialIdLength ?? 32));
    const aaguid = new Uint8Array(Buffer.from((this.defaults.aaguid ?? "00000000-0000-0000-0000-000000000000").replaceAll("-", ""), "hex"));
    const counter = tweaks.counter ?? 0;
    const counterBytes = new Uint8Array(4);
    new DataView(counterBytes.buffer).setUint32(0, counter, false);
    const idLength = Uint8Array.of(credentialId.length >> 8, credentialId.length & 0xff);
    const authData = concat(
      sha256(tweaks.rpIdForHash ?? rpId),
      Uint8Array.of(this.flags(tweaks, true)),
      counterBytes,
      aaguid,
      idLength,
      credentialId,
      coseKey,
    );
    const attestationObject = cborEncode(
      new Map<string, CborValue>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    let clientDataJSON = this.clientData("webauthn.create", options.challenge, origin, tweaks);
    if (tweaks.tamperClientData) clientDataJSON = tamper(clientDataJSON);

    const selection = options.authenticatorSelection ?? {};
    const discoverable =
      selection.residentKey === "required" || selection.residentKey === "preferred" || selection.requireResidentKey === true;
    const id = b64u(credentialId);
    this.credentials.push({ id, rpId, userHandle: options.user.id, discoverable, privateKey, counter });
    const response: RegistrationResponseJSON = {
      id,
      rawId: id,
      type: "public-key",
      authenticatorAttachment: "platform",
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: this.defaults.transports ?? ["internal", "hybrid"],
      },
      clientExtensionResults: {},
    };
    this.last = response;
    return structuredClone(response);
  }

  /** navigator.credentials.get() on `origin`. */
  get(optionsJSON: Wrapped<RequestOptionsLike>, origin: string, tweaks: CeremonyTweaks = {}): AuthenticationResponseJSON {
    const options = unwrap(optionsJSON);
    const rpId = options.rpId ?? new URL(origin).hostname;
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const candidates = this.credentials.filter(
      (c) =>
        (tweaks.credentialId === undefined || c.id === tweaks.credentialId) &&
        (tweaks.credentialId !== undefined || c.rpId === rpId) &&
        (allowed.length > 0 ? allowed.includes(c.id) : c.discoverable || tweaks.credentialId !== undefined),
    );
    const credential = candidates.at(-1);
    if (!credential) throw new Error("NotAllowedError: no credential");

    credential.counter = tweaks.counter ?? credential.counter + 1;
    const counterBytes = new Uint8Array(4);
    new DataView(counterBytes.buffer).setUint32(0, credential.counter, false);
    const authData = concat(sha256(tweaks.rpIdForHash ?? rpId), Uint8Array.of(this.flags(tweaks, false)), counterBytes);
    let clientDataJSON = this.clientData("webauthn.get", options.challenge, origin, tweaks);
    let signature: Uint8Array = new Uint8Array(sign("sha256", concat(authData, sha256(clientDataJSON)), credential.privateKey));
    if (tweaks.tamperClientData) clientDataJSON = tamper(clientDataJSON);
    if (tweaks.tamperSignature) signature = tamperLast(signature);

    const userHandle = tweaks.omitUserHandle ? null : (tweaks.userHandle ?? (credential.discoverable ? credential.userHandle : null));
    const response: AuthenticationResponseJSON = {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      authenticatorAttachment: "platform",
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature), userHandle },
      clientExtensionResults: {},
    };
    this.last = response;
    return structuredClone(response);
  }
}

/** Re-serialises client data with an extra member: still valid JSON with the same challenge/origin, but different bytes. */
function tamper(clientDataJSON: Uint8Array): Uint8Array {
  const parsed = JSON.parse(new TextDecoder().decode(clientDataJSON)) as Record<string, unknown>;
  return new TextEncoder().encode(JSON.stringify({ ...parsed, tampered: true }));
}

/** Flips a bit inside the DER signature's final integer (stays DER-decodable). */
function tamperLast(signature: Uint8Array): Uint8Array {
  const copy = signature.slice();
  const last = copy.length - 1;
  copy[last] = (copy[last] ?? 0) ^ 0x01;
  return copy;
}

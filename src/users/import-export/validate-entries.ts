import { type Claim, duplicateClaims } from "./claims.ts";
import { passwordHashProblem } from "./password-hash-format.ts";
import { checkUsername, type UsernameLengths } from "../username-rule.ts";

/** A user of the import file, checked and normalised, ready to be written. */
export interface ValidUser {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  /** lower-cased */
  emails: { address: string; isPrimary: boolean; verified: boolean }[];
  /** held to the sign-in rules: trimmed, lower-cased */
  username: string | null;
  credentials: ValidCredential[];
  password: { hash: string; createdAt: Date; updatedAt: Date } | null;
  otpSecret: { secret: string; createdAt: Date; updatedAt: Date } | null;
  /** compact JSON object text per kind */
  metadata: { public: string | null; private: string | null; unsafe: string | null } | null;
}

export interface ValidCredential {
  id: string;
  name: string | null;
  publicKey: string;
  attestationType: string;
  aaguid: string;
  signCount: number;
  lastUsedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  transports: string[];
  backupEligible: boolean;
  backupState: boolean;
  mfaOnly: boolean;
  userHandle: string | null;
}

export interface Validation {
  users: ValidUser[];
  /** the unique values the users ask for, to be checked against the database */
  claims: Claim[];
  /** every problem of the file; nothing may be written unless this is empty */
  errors: string[];
}

/** What the columns hold (VARCHAR(255)); SQLite would not complain, PostgreSQL and MySQL would. */
const MAX_TEXT = 255;
const MAX_METADATA = 3000;
const MAX_SIGN_COUNT = 2 ** 31 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE32 = /^[A-Z2-7]+=*$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
// Hanko checks with go-playground's "email" rule; this accepts the same everyday addresses, Unicode included.
const EMAIL = /^[^\s@"(),:;<>[\\\]]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)*[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/**
 * Reads an import file and checks every entry as Hanko does (plus the password formats and metadata
 * this server adds, and usernames held to the rules sign-in has), collecting all problems rather
 * than stopping at the first. Missing timestamps become `now`, missing user ids fresh UUIDs.
 */
export function validateEntries(text: string, usernameLengths: UsernameLengths, now: Date): Validation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { users: [], claims: [], errors: [`the file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (!Array.isArray(parsed)) {
    return { users: [], claims: [], errors: [`the file must hold a JSON array of users, not ${kindOf(parsed)}`] };
  }
  const errors: string[] = [];
  const claims: Claim[] = [];
  const users = parsed.map((entry, index) => new EntryReader(index, now, usernameLengths, errors, claims).user(entry));
  errors.push(...duplicateClaims(claims));
  return { users, claims, errors };
}

type Fields = Record<string, unknown>;

class EntryReader {
  constructor(
    private readonly index: number,
    private readonly now: Date,
    private readonly usernameLengths: UsernameLengths,
    private readonly errors: string[],
    private readonly claims: Claim[],
  ) {}

  user(entry: unknown): ValidUser {
    const fields = this.object(entry, "");
    const id = this.userId(fields.user_id);
    const emails = this.emails(fields.emails);
    const username = this.username(fields.username);
    const credentials = this.list(fields.webauthn_credentials, "webauthn_credentials").map((c, i) =>
      this.credential(c, `webauthn_credentials[${i}]`),
    );
    // Hanko needs an address or a username; a passkey-only user (which Hanko can create) has neither.
    if (emails.length === 0 && username === undefined && credentials.length === 0) {
      this.fail("", "needs emails, a username or a WebAuthn credential");
    }
    if (username !== undefined) this.claim("username", username, "username");
    return {
      id,
      createdAt: this.timestamp(fields.created_at, "created_at"),
      updatedAt: this.timestamp(fields.updated_at, "updated_at"),
      emails,
      username: username ?? null,
      credentials,
      password: this.password(fields.password),
      otpSecret: this.otpSecret(fields.otp_secret),
      metadata: this.metadata(fields.metadata),
    };
  }

  private userId(value: unknown): string {
    const id = this.string(value, "user_id", false);
    if (id === undefined) return crypto.randomUUID();
    if (!UUID_V4.test(id)) this.fail("user_id", `${show(id)} is not a version-4 UUID`);
    else this.claim("user_id", id.toLowerCase(), "user_id");
    return id.toLowerCase();
  }

  private username(value: unknown): string | undefined {
    const given = this.string(value, "username", false);
    if (given === undefined) return undefined;
    const checked = checkUsername(given, this.usernameLengths);
    if (checked.ok) return checked.username;
    this.fail("", `${checked.problem}: ${show(given)}`);
    return given;
  }

  private emails(value: unknown): ValidUser["emails"] {
    const emails = this.list(value, "emails").map((item, i) => {
      const path = `emails[${i}]`;
      const email = this.object(item, path);
      const address = this.string(email.address, `${path}.address`, true)?.toLowerCase();
      if (address !== undefined && !EMAIL.test(address)) this.fail(`${path}.address`, `${show(address)} is not an email address`);
      else if (address !== undefined) this.claim("address", address, `${path}.address`);
      return {
        address: address ?? "",
        isPrimary: this.boolean(email.is_primary, `${path}.is_primary`),
        verified: this.boolean(email.is_verified, `${path}.is_verified`),
      };
    });
    const primaries = emails.filter((e) => e.isPrimary).length;
    if (emails.length > 0 && primaries !== 1) this.fail("emails", `needs exactly one primary address, got ${primaries}`);
    return emails;
  }

  private credential(value: unknown, path: string): ValidCredential {
    const fields = this.object(value, path);
    const id = this.base64url(fields.id, `${path}.id`, MAX_TEXT);
    if (id !== undefined) this.claim("credential_id", id, `${path}.id`);
    const mfaOnly = this.boolean(fields.mfa_only, `${path}.mfa_only`);
    const userHandle = this.string(fields.user_handle, `${path}.user_handle`, false) ?? null;
    if (userHandle !== null && mfaOnly) this.fail(`${path}.user_handle`, "must be absent for an mfa_only credential");
    else if (userHandle !== null) this.claim("user_handle", userHandle, `${path}.user_handle`);
    return {
      id: id ?? "",
      name: this.string(fields.name, `${path}.name`, false) ?? null,
      publicKey: this.base64url(fields.public_key, `${path}.public_key`, Number.POSITIVE_INFINITY) ?? "",
      attestationType: this.string(fields.attestation_type, `${path}.attestation_type`, true) ?? "",
      aaguid: this.aaguid(fields.aaguid, `${path}.aaguid`),
      signCount: this.signCount(fields.sign_count, `${path}.sign_count`),
      lastUsedAt: fields.last_used_at == null ? null : this.timestamp(fields.last_used_at, `${path}.last_used_at`),
      createdAt: this.timestamp(fields.created_at, `${path}.created_at`),
      updatedAt: this.timestamp(fields.updated_at, `${path}.updated_at`),
      transports: this.transports(fields.transports, `${path}.transports`),
      backupEligible: this.boolean(fields.backup_eligible, `${path}.backup_eligible`),
      backupState: this.boolean(fields.backup_state, `${path}.backup_state`),
      mfaOnly,
      userHandle,
    };
  }

  // Hanko asks for a version-4 UUID, but authenticators' AAGUIDs are not all version 4 (Google
  // Password Manager's is not), and an exported credential has to import again: any UUID will do.
  private aaguid(value: unknown, path: string): string {
    const aaguid = this.string(value, path, false);
    if (aaguid === undefined) return ZERO_UUID;
    if (!UUID.test(aaguid)) this.fail(path, `${show(aaguid)} is not a UUID`);
    return aaguid.toLowerCase();
  }

  private signCount(value: unknown, path: string): number {
    if (value == null) return 0;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_SIGN_COUNT) {
      this.fail(path, `expected an integer from 0 to ${MAX_SIGN_COUNT}, got ${show(value)}`);
      return 0;
    }
    return value;
  }

  private transports(value: unknown, path: string): string[] {
    const transports: string[] = [];
    this.list(value, path).forEach((item, i) => {
      const name = this.string(item, `${path}[${i}]`, true);
      if (name === undefined) return;
      if (transports.includes(name)) this.fail(`${path}[${i}]`, `${show(name)} appears twice`);
      else transports.push(name);
    });
    return transports;
  }

  private password(value: unknown): ValidUser["password"] {
    if (value == null) return null;
    const fields = this.object(value, "password");
    const hash = this.string(fields.password, "password.password", true);
    const problem = hash === undefined ? undefined : passwordHashProblem(hash);
    // The hash itself stays out of the message: it is a secret of the user's.
    if (problem) this.fail("password.password", problem);
    return {
      hash: hash ?? "",
      createdAt: this.timestamp(fields.created_at, "password.created_at"),
      updatedAt: this.timestamp(fields.updated_at, "password.updated_at"),
    };
  }

  private otpSecret(value: unknown): ValidUser["otpSecret"] {
    if (value == null) return null;
    const fields = this.object(value, "otp_secret");
    const secret = this.string(fields.secret, "otp_secret.secret", true);
    if (secret !== undefined && !BASE32.test(secret)) this.fail("otp_secret.secret", "is not a base32 TOTP secret");
    return {
      secret: secret ?? "",
      createdAt: this.timestamp(fields.created_at, "otp_secret.created_at"),
      updatedAt: this.timestamp(fields.updated_at, "otp_secret.updated_at"),
    };
  }

  private metadata(value: unknown): ValidUser["metadata"] {
    if (value == null) return null;
    const fields = this.object(value, "metadata");
    const kind = (name: "public" | "private" | "unsafe"): string | null => {
      const item = fields[name];
      if (item == null) return null;
      if (!isFields(item)) {
        this.fail(`metadata.${name}`, `expected a JSON object or null, got ${kindOf(item)}`);
        return null;
      }
      const json = JSON.stringify(item);
      if (json.length > MAX_METADATA)
        this.fail(`metadata.${name}`, `is ${json.length} characters as compact JSON, more than ${MAX_METADATA}`);
      return json;
    };
    return { public: kind("public"), private: kind("private"), unsafe: kind("unsafe") };
  }

  private base64url(value: unknown, path: string, max: number): string | undefined {
    const text = this.string(value, path, true, max);
    if (text !== undefined && !BASE64URL.test(text)) this.fail(path, `${show(text)} is not base64url without padding`);
    return text;
  }

  /** A non-empty string; absent (or null) is an error only when required. */
  private string(value: unknown, path: string, required: boolean, max = MAX_TEXT): string | undefined {
    if (value == null) {
      if (required) this.fail(path, "is required");
      return undefined;
    }
    if (typeof value !== "string") return this.fail(path, `expected a string, got ${show(value)}`);
    if (value === "") return this.fail(path, "must not be empty");
    if (value.length > max) return this.fail(path, `is longer than ${max} characters`);
    return value;
  }

  /** Absent (or null) is false, as in Hanko. */
  private boolean(value: unknown, path: string): boolean {
    if (value == null) return false;
    if (typeof value !== "boolean") {
      this.fail(path, `expected true or false, got ${show(value)}`);
      return false;
    }
    return value;
  }

  /** Absent (or null) is the time of the import. */
  private timestamp(value: unknown, path: string): Date {
    if (value == null) return this.now;
    // JavaScript dates hold milliseconds; Go writes nanoseconds, which Date.parse does not promise to read.
    const at = typeof value === "string" && RFC3339.test(value) ? new Date(value.replace(/(\.\d{3})\d+/, "$1")) : undefined;
    if (at === undefined || Number.isNaN(at.getTime())) {
      this.fail(path, `${show(value)} is not an RFC 3339 timestamp`);
      return this.now;
    }
    return at;
  }

  private object(value: unknown, path: string): Fields {
    if (isFields(value)) return value;
    this.fail(path, `expected an object, got ${kindOf(value)}`);
    return {};
  }

  private list(value: unknown, path: string): unknown[] {
    if (value == null) return [];
    if (Array.isArray(value)) return value;
    this.fail(path, `expected an array, got ${kindOf(value)}`);
    return [];
  }

  private claim(kind: Claim["kind"], value: string, path: string): void {
    this.claims.push({ kind, value, entry: this.index, path });
  }

  private fail(path: string, message: string): undefined {
    this.errors.push(path === "" ? `entry ${this.index}: ${message}` : `entry ${this.index}: ${path}: ${message}`);
    return undefined;
  }
}

function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${show(value)}`;
}

/** The value as JSON, cut short so that one bad field cannot flood the report. */
function show(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

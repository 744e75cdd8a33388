import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../../clock/clock.ts";
import type { Database } from "../../db/tables.ts";
import { passcodeStore } from "../../store/passcodes.ts";

const ALPHANUMERIC = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/** Hanko's limit: the third wrong entry makes a passcode unusable. */
export const MAX_ATTEMPTS = 3;

export type Charset = "numeric" | "alphanumeric";
/** `not_found` and `expired` are `invalid` to the user; the audit log tells them apart, as Hanko's does. */
export type Verification = "ok" | "invalid" | "not_found" | "expired" | "max_attempts_reached";

/**
 * What a passcode proves: that whoever enters it reads mail at `address`, in one flow, for one user
 * (none where the mail carries no code). It is sealed into the stored digest, so a code checked
 * against anything else, another address after the flow changed its mind, say, is a wrong code.
 */
export interface PasscodeBinding {
  flowId: string;
  address: string;
  userId: string | null;
}

/** Registers a write that must land even if the caller's transaction rolls back. */
export type KeepOnRollback = (write: (db: Kysely<Database>) => Promise<unknown>) => void;

/**
 * One-time passcodes sent by mail. A code is stored only as an HMAC-SHA256 under a key derived from
 * the configured secrets. Hanko stores bcrypt (cost 12) instead, which costs a quarter second of CPU
 * per check, an easy lever for load, and buys nothing here: with a million possible codes a slow hash
 * does not stop an offline search anyway, while the secret key does, and online guessing is bounded
 * by the three-attempt limit. Verification compares in constant time.
 */
export class PasscodeService {
  constructor(
    private readonly secrets: readonly string[],
    private readonly charset: Charset,
    private readonly clock: Clock = systemClock,
  ) {}

  generateCode(): string {
    if (this.charset === "numeric") return String(randomInt(0, 1_000_000)).padStart(6, "0");
    let code = "";
    for (let i = 0; i < 6; i++) code += ALPHANUMERIC[randomInt(0, ALPHANUMERIC.length)];
    return code;
  }

  /** Stores a new passcode for `binding` and returns its id with the code to send. */
  async create(db: Kysely<Database>, ttlSeconds: number, binding: PasscodeBinding): Promise<{ id: string; code: string }> {
    const id = crypto.randomUUID();
    const code = this.generateCode();
    await passcodeStore(db, this.clock).create({ id, ttlSeconds, digest: this.digest(this.secrets[0] ?? "", id, binding, code) });
    return { id, code };
  }

  /** Removes a passcode that was never delivered. */
  async discard(db: Kysely<Database>, id: string): Promise<void> {
    await passcodeStore(db, this.clock).delete(id);
  }

  /** Whether the passcode can still be entered: it exists, has not expired and has attempts left. */
  async usable(db: Kysely<Database>, id: string): Promise<boolean> {
    const row = await passcodeStore(db, this.clock).byId(id);
    return row !== undefined && !this.expired(row) && row.try_count < MAX_ATTEMPTS;
  }

  /**
   * Checks a code for what it is meant to prove. A wrong one counts as an attempt, written in `db` and
   * again through `keep` should that transaction roll back, so a failure later in the step (an audit
   * insert, a lost race) cannot hand out free guesses; the third wrong one, and any try after it, is
   * `max_attempts_reached`. The right one deletes the passcode, so it works once.
   */
  async verify(db: Kysely<Database>, id: string, code: string, binding: PasscodeBinding, keep: KeepOnRollback): Promise<Verification> {
    const passcodes = passcodeStore(db, this.clock);
    const row = await passcodes.byId(id);
    if (!row) return "not_found";
    if (this.expired(row)) return "expired";
    if (row.try_count >= MAX_ATTEMPTS) return "max_attempts_reached";
    if (this.matches(row.id, row.code, binding, code)) {
      await passcodes.delete(id);
      return "ok";
    }
    await passcodes.countAttempt(id);
    keep((root) => passcodeStore(root, this.clock).countAttempt(id));
    return row.try_count + 1 >= MAX_ATTEMPTS ? "max_attempts_reached" : "invalid";
  }

  private expired(row: { created_at: Date; ttl: number }): boolean {
    return this.clock.now().getTime() > row.created_at.getTime() + row.ttl * 1000;
  }

  /** Any configured secret may have sealed it: a passcode sent just before a key rotation still works. */
  private matches(id: string, stored: string, binding: PasscodeBinding, code: string): boolean {
    const expected = Buffer.from(stored, "base64url");
    return this.secrets.some((secret) => {
      const actual = Buffer.from(this.digest(secret, id, binding, code), "base64url");
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    });
  }

  /** Bound to the passcode's id and binding, so neither a digest copied to another row nor a code sent for another address verifies. */
  private digest(secret: string, id: string, binding: PasscodeBinding, code: string): string {
    const message = JSON.stringify([id, binding.flowId, binding.address, binding.userId, code]);
    return createHmac("sha256", `hanko passcode key:${secret}`).update(message).digest("base64url");
  }
}

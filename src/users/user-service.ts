import type { Kysely } from "kysely";
import type { Clock } from "../clock/clock.ts";
import type { Config } from "../config/schema.ts";
import type { SqlFamily } from "../db/dialect.ts";
import type { Database } from "../db/tables.ts";
import { otpSecretStore } from "../store/otp-secrets.ts";
import { passwordStore } from "../store/passwords.ts";
import { type SessionRow, sessionStore } from "../store/sessions.ts";
import { type UserMetadata, userMetadataStore } from "../store/user-metadata.ts";
import { type UserView, userViews } from "../store/user-views.ts";
import { type NewUser, type ProfileFields, Taken, userStore } from "../store/users.ts";
import { webauthnCredentialStore } from "../store/webauthn-credentials.ts";
import { checkUsername, type UsernameLengths } from "./username-rule.ts";

/** The configured limits the rules apply. */
export interface UserRules {
  /** `email.limit`: addresses per user */
  emailLimit: number;
  usernameLengths: UsernameLengths;
}

export function userRulesOf(config: Config): UserRules {
  return { emailLimit: config.email.limit, usernameLengths: config.username };
}

export interface UserServiceDeps {
  family: SqlFamily;
  clock: Clock;
  rules: UserRules;
}

/** Why the service did not do what it was asked; `detail` names the value or problem concerned. */
export type UserRefusal =
  | "user_not_found"
  | "user_exists"
  | "email_not_found"
  | "email_limit_reached"
  | "email_taken"
  | "primary_email"
  | "username_invalid"
  | "username_taken"
  | "password_exists"
  | "password_not_found"
  | "otp_secret_not_found"
  | "credential_not_found"
  | "session_not_found"
  | "metadata_invalid";

export type Refused<R extends UserRefusal = UserRefusal> = { ok: false; refusal: R; detail?: string };
/** What a method did (`ok`), or the refusals it can answer instead. */
export type Decision<T extends object, R extends UserRefusal> = ({ ok: true } & T) | Refused<R>;

export function refused<R extends UserRefusal>(refusal: R, detail?: string): Refused<R> {
  return { ok: false, refusal, ...(detail !== undefined && { detail }) };
}

export type UserPatch = ProfileFields & { username?: string | null };

export type MetadataChange = (current: UserMetadata) => { ok: true; metadata: UserMetadata } | { ok: false; problem: string };

const NO_METADATA: UserMetadata = { public: null, private: null, unsafe: null };

/**
 * The rules of user management, shared by the admin API and the flows. Run it in the transaction
 * that writes (a flow step's, or one the admin API opens per request): each method that writes
 * first locks the user's row and decides on what it then reads, so two requests for one user are
 * decided one after the other. A refusal is returned before anything is written, except by
 * `createUser`, whose caller rolls back (`decideInTransaction`).
 */
export function userService(tx: Kysely<Database>, deps: UserServiceDeps) {
  const users = userStore(tx, deps.clock);
  const views = userViews(tx);
  const lock = (userId: string) => users.lock(userId, deps.family);

  return {
    lock,

    /** Creates the user with their emails (one of them primary) and username; the username is held to the sign-in rules. */
    async createUser(
      input: NewUser,
    ): Promise<Decision<{ user: UserView }, "username_invalid" | "user_exists" | "email_taken" | "username_taken">> {
      if (input.username !== undefined) {
        const checked = checkUsername(input.username, deps.rules.usernameLengths);
        if (!checked.ok) return refused("username_invalid", checked.problem);
        input = { ...input, username: checked.username };
      }
      try {
        return { ok: true, user: await users.create(input) };
      } catch (error) {
        if (!(error instanceof Taken)) throw error;
        return refused(error.kind === "user" ? "user_exists" : error.kind === "email" ? "email_taken" : "username_taken", error.value);
      }
    },

    /** Deletes the user and everything that is theirs (the foreign keys cascade). */
    async deleteUser(userId: string): Promise<Decision<object, "user_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      await users.delete(userId);
      return { ok: true };
    },

    /**
     * Sets or clears the username and the profile fields named; `changed` says whether anything was
     * asked to change (naming a profile field counts even when its value stays, as in Hanko), and
     * only then is the user marked updated.
     */
    async patchUser(
      userId: string,
      patch: UserPatch,
    ): Promise<
      Decision<{ changed: boolean; username?: "create" | "update" | "delete" }, "user_not_found" | "username_invalid" | "username_taken">
    > {
      const { username, ...fields } = patch;
      if (!(await lock(userId))) return refused("user_not_found");
      let changed = Object.keys(fields).length > 0;
      let usernameChange: "create" | "update" | "delete" | undefined;
      if (username === null) {
        if (await users.deleteUsername(userId)) usernameChange = "delete";
      } else if (username !== undefined) {
        const had = ((await views.byId(userId))?.username ?? null) !== null;
        const set = await this.setUsername(userId, username);
        if (!set.ok) return set;
        if (set.changed) usernameChange = had ? "update" : "create";
      }
      changed = changed || usernameChange !== undefined;
      if (changed) await users.updateProfile(userId, fields);
      return { ok: true, changed, ...(usernameChange && { username: usernameChange }) };
    },

    /**
     * Gives the user this username (trimmed, lower-cased, of word characters and within the
     * configured lengths) unless another user has it. An unchanged username is left as it is unless
     * `rewriteUnchanged`: Hanko's profile writes it anyway, which moves its `updated_at`.
     */
    async setUsername(
      userId: string,
      given: string,
      options: { rewriteUnchanged?: boolean } = {},
    ): Promise<Decision<{ username: string; changed: boolean }, "username_invalid" | "user_not_found" | "username_taken">> {
      const checked = checkUsername(given, deps.rules.usernameLengths);
      if (!checked.ok) return refused("username_invalid", checked.problem);
      const username = checked.username;
      if (!(await lock(userId))) return refused("user_not_found");
      const owner = await views.idByUsername(username);
      if (owner !== undefined && owner !== userId) return refused("username_taken", username);
      const changed = owner === undefined;
      if (!changed && !options.rewriteUnchanged) return { ok: true, username, changed };
      if (!(await users.setUsername(userId, username))) return refused("username_taken", username);
      return { ok: true, username, changed };
    },

    async deleteUsername(userId: string): Promise<Decision<{ deleted: boolean }, "user_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      return { ok: true, deleted: await users.deleteUsername(userId) };
    },

    /**
     * Adds an address (lower-cased) to the user, within `email.limit`. An address nobody owns is
     * given to the user with its verification state; one somebody owns is refused. The first
     * address of a user becomes their primary one.
     */
    async addEmail(
      userId: string,
      address: string,
      verified: boolean,
    ): Promise<Decision<{ emailId: string }, "email_limit_reached" | "user_not_found" | "email_taken">> {
      const lowered = address.toLowerCase();
      const exists = await lock(userId);
      // Counted before the user is known to exist, as Hanko does: a limit of 0 refuses an unknown user with 409 too.
      const emails = await views.emailsOf(userId);
      if (emails.length >= deps.rules.emailLimit) return refused("email_limit_reached");
      if (!exists) return refused("user_not_found");
      const existing = await views.emailByAddress(lowered);
      if (existing?.userId) return refused("email_taken", lowered);
      let emailId = existing?.id;
      if (emailId !== undefined) await users.assignEmail(emailId, userId);
      else emailId = await users.insertEmail(userId, lowered, verified);
      // Inserted by another user since it was looked up.
      if (emailId === undefined) return refused("email_taken", lowered);
      if (emails.length === 0) await users.setPrimaryEmail(userId, emailId);
      return { ok: true, emailId };
    },

    /** Removes one of the user's addresses; their primary one only when `primary` is "allowed". */
    async deleteEmail(
      userId: string,
      emailId: string,
      options: { primary: "allowed" | "refused" },
    ): Promise<Decision<object, "user_not_found" | "email_not_found" | "primary_email">> {
      if (!(await lock(userId))) return refused("user_not_found");
      const email = (await views.emailsOf(userId)).find((e) => e.id === emailId);
      if (!email) return refused("email_not_found");
      if (email.isPrimary && options.primary === "refused") return refused("primary_email");
      await users.deleteEmail(userId, emailId);
      return { ok: true };
    },

    /** Makes one of the user's addresses their primary one; `changed` is false when it was already. */
    async setPrimaryEmail(userId: string, emailId: string): Promise<Decision<{ changed: boolean }, "user_not_found" | "email_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      const email = (await views.emailsOf(userId)).find((e) => e.id === emailId);
      if (!email) return refused("email_not_found");
      if (email.isPrimary) return { ok: true, changed: false };
      await users.setPrimaryEmail(userId, emailId);
      return { ok: true, changed: true };
    },

    /** The user's first password; refused when they have one. `hash` is made before the transaction, as hashing is slow. */
    async createPassword(userId: string, hash: string): Promise<Decision<object, "user_not_found" | "password_exists">> {
      if (!(await lock(userId))) return refused("user_not_found");
      const passwords = passwordStore(tx, deps.clock);
      if ((await passwords.hashOf(userId)) !== undefined) return refused("password_exists");
      await passwords.set(userId, hash);
      return { ok: true };
    },

    /** Replaces the user's password; refused when they have none. */
    async replacePassword(userId: string, hash: string): Promise<Decision<object, "user_not_found" | "password_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      const passwords = passwordStore(tx, deps.clock);
      if ((await passwords.hashOf(userId)) === undefined) return refused("password_not_found");
      await passwords.set(userId, hash);
      return { ok: true };
    },

    async deletePassword(userId: string): Promise<Decision<object, "user_not_found" | "password_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      if (!(await passwordStore(tx, deps.clock).delete(userId))) return refused("password_not_found");
      return { ok: true };
    },

    async deleteOtpSecret(userId: string): Promise<Decision<object, "user_not_found" | "otp_secret_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      if (!(await otpSecretStore(tx, deps.clock).delete(userId))) return refused("otp_secret_not_found");
      return { ok: true };
    },

    /** Deletes one of the user's WebAuthn credentials (passkey or security key). */
    async deleteCredential(userId: string, credentialId: string): Promise<Decision<object, "user_not_found" | "credential_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      if (!(await webauthnCredentialStore(tx, deps.clock).delete(userId, credentialId))) return refused("credential_not_found");
      return { ok: true };
    },

    /** Ends one of the user's sessions. */
    /** Ends one of the user's sessions; answers the row as it was. */
    async deleteSession(
      userId: string,
      sessionId: string,
    ): Promise<Decision<{ session: SessionRow }, "user_not_found" | "session_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      const sessions = sessionStore(tx);
      const session = await sessions.byId(sessionId);
      if (!session || session.user_id !== userId) return refused("session_not_found");
      await sessions.delete(sessionId);
      return { ok: true, session };
    },

    /** The user's metadata; a user without a row gets an empty one, as Hanko's persister creates it on first read. */
    async metadataOf(userId: string): Promise<Decision<{ metadata: UserMetadata }, "user_not_found">> {
      if (!(await lock(userId))) return refused("user_not_found");
      const store = userMetadataStore(tx, deps.clock);
      const metadata = await store.get(userId);
      if (metadata) return { ok: true, metadata };
      await store.put(userId, NO_METADATA);
      return { ok: true, metadata: NO_METADATA };
    },

    /** Reads, changes and writes the user's metadata under their lock, so that concurrent changes neither lose one nor both insert the row. */
    async changeMetadata(
      userId: string,
      change: MetadataChange,
    ): Promise<Decision<{ metadata: UserMetadata }, "user_not_found" | "metadata_invalid">> {
      if (!(await lock(userId))) return refused("user_not_found");
      const store = userMetadataStore(tx, deps.clock);
      const changed = change((await store.get(userId)) ?? NO_METADATA);
      if (!changed.ok) return refused("metadata_invalid", changed.problem);
      await store.put(userId, changed.metadata);
      return { ok: true, metadata: changed.metadata };
    },
  };
}

export type UserService = ReturnType<typeof userService>;

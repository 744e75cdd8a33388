import type { JWTPayload } from "jose";
import type { Kysely } from "kysely";
import { fitToColumn } from "../db/column-width.ts";
import type { Db } from "../db/connect.ts";
import type { Database } from "../db/tables.ts";
import { inTransaction } from "../db/transaction.ts";
import { type EventBus, type EventEmitter, NO_REQUEST } from "../events/events.ts";
import type { KeyRing } from "../keys/key-ring.ts";
import type { Logger } from "../log/logger.ts";
import { type SessionRow, sessionStore } from "../store/sessions.ts";
import { userMetadataStore } from "../store/user-metadata.ts";
import { userViews } from "../store/user-views.ts";
import { userStore } from "../store/users.ts";
import { sessionClaims } from "./claims.ts";
import { sessionDto } from "./session-dto.ts";
import type { SessionSettings } from "./settings.ts";
import { sessionSubjectOf } from "./subject.ts";
import { signSessionToken, verifySessionToken } from "./token.ts";

export interface IssueOptions {
  amr?: readonly string[];
  ipAddress?: string;
  userAgent?: string;
  /**
   * Where the session's webhook events go (`session.create.<via>`, and `session.delete.passive.limit`
   * for the sessions it displaces), bound to the caller's transaction and request. Events of Hanko's
   * main branch, not of 2.7.
   */
  events?: { emitter: EventEmitter; via: "flow" | "admin" };
}

export interface IssuedSession {
  token: string;
  sessionId: string;
  userId: string;
  expiresAt: Date;
  lifespanSeconds: number;
  claims: Record<string, unknown>;
}

export type Validation =
  | { valid: true; claims: JWTPayload; session: SessionRow; userId: string; idleExpiresAt?: Date }
  /** `ended` says a server-side session was ended just now (idle timeout): the cookie should go too. */
  | { valid: false; ended: boolean };

const INVALID: Validation = { valid: false, ended: false };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Issues, validates and ends server-side sessions and their tokens. */
export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly keys: KeyRing,
    readonly settings: SessionSettings,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    /** For the sessions that end on their own (an idle timeout), which no request's emitter covers. */
    private readonly events?: EventBus,
  ) {}

  /**
   * Starts a session for the user in one transaction: the oldest sessions beyond `session.limit` go,
   * the new row is written, and the token naming it is signed.
   */
  async issue(userId: string, options: IssueOptions = {}): Promise<IssuedSession> {
    return inTransaction(this.db, (tx) => this.issueIn(tx, userId, options));
  }

  /** `issue`, inside a transaction the caller already holds (a flow's). */
  async issueIn(tx: Kysely<Database>, userId: string, options: IssueOptions = {}): Promise<IssuedSession> {
    const at = this.now();
    const sessionId = crypto.randomUUID();
    // The row expires exactly when the token does: `exp` is in whole seconds.
    const expiresAt = new Date((Math.floor(at.getTime() / 1000) + this.settings.lifespanSeconds) * 1000);
    const locked = await userStore(tx).lock(userId, this.db.family);
    const user = locked && (await userViews(tx).byId(userId));
    if (!user) throw new Error(`cannot issue a session: user ${userId} does not exist`);
    const sessions = sessionStore(tx);
    if (this.settings.limit > 0) {
      const active = await sessions.active(userId, at);
      const surplus = active.length - this.settings.limit + 1;
      if (surplus > 0) {
        const displaced = active.slice(0, surplus);
        await sessions.deleteMany(displaced.map((s) => s.id));
        for (const session of displaced) {
          await options.events?.emitter.emit({ webhook: "session.delete.passive.limit", userId, data: sessionDto(session) });
        }
      }
    }
    const row = {
      id: sessionId,
      user_id: userId,
      user_agent: this.settings.acquireUserAgent ? truncate(options.userAgent) : null,
      ip_address: this.settings.acquireIpAddress ? truncate(options.ipAddress) : null,
      created_at: at,
      updated_at: at,
      expires_at: expiresAt,
      last_used: at,
    };
    await sessions.create({
      id: sessionId,
      userId,
      userAgent: row.user_agent,
      ipAddress: row.ip_address,
      createdAt: at,
      expiresAt,
    });
    if (options.events)
      await options.events.emitter.emit({ webhook: `session.create.${options.events.via}`, userId, data: sessionDto(row) });
    const claims = sessionClaims(sessionSubjectOf(user, await userMetadataStore(tx).get(userId)), {
      sessionId,
      issuedAt: at,
      lifespanSeconds: this.settings.lifespanSeconds,
      audience: this.settings.audience,
      issuer: this.settings.issuer,
      template: this.settings.template,
      amr: options.amr,
      log: this.log,
    });
    const token = await signSessionToken(claims, this.keys);
    return { token, sessionId, userId, expiresAt, lifespanSeconds: this.settings.lifespanSeconds, claims };
  }

  /**
   * A token counts when its signature and times check out and its server-side session still exists,
   * has not expired and has not idled out. `touch` records the use (the session middleware and POST
   * /sessions/validate do; GET /sessions/validate does not).
   */
  async validate(token: string, options: { touch: boolean }): Promise<Validation> {
    const now = this.now();
    const claims = await verifySessionToken(token, this.keys, now);
    if (!claims || typeof claims.sub !== "string" || typeof claims.session_id !== "string" || !UUID.test(claims.session_id)) return INVALID;
    const sessions = sessionStore(this.db.kysely);
    const session = await sessions.byId(claims.session_id);
    if (!session || session.user_id !== claims.sub) return INVALID;
    // The row's expiry is checked as well as the token's: a row may be cut short after the token was signed.
    if (session.expires_at !== null && session.expires_at <= now) return INVALID;
    let idleExpiresAt: Date | undefined;
    if (this.settings.idleTimeoutMs > 0) {
      idleExpiresAt = new Date(session.last_used.getTime() + this.settings.idleTimeoutMs);
      if (now > idleExpiresAt) {
        await sessions.delete(session.id);
        await this.events
          ?.bind(this.db.kysely, NO_REQUEST)
          .emit({ webhook: "session.delete.passive.expire", userId: session.user_id, data: sessionDto(session) });
        return { valid: false, ended: true };
      }
    }
    if (options.touch) {
      await sessions.touch(session.id, now);
      if (this.settings.idleTimeoutMs > 0) idleExpiresAt = new Date(now.getTime() + this.settings.idleTimeoutMs);
    }
    return { valid: true, claims, session, userId: claims.sub, idleExpiresAt };
  }

  /** Ends the session; its tokens are refused from the next request on, on every node. */
  async end(sessionId: string): Promise<void> {
    await sessionStore(this.db.kysely).delete(sessionId);
  }
}

// Hanko's columns are VARCHAR(255); a longer User-Agent must not make the login fail, whoever passes it.
function truncate(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : fitToColumn(value);
}

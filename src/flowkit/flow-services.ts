import type { Config } from "../config/schema.ts";
import type { SqlFamily } from "../db/dialect.ts";
import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";
import type { EventBus, EventEmitter } from "../events/events.ts";
import type { ActionDef, FlowContext, FlowDef, Hook, StateDef, SubflowDef } from "../flowpilot/definition.ts";
import type { Logger } from "../log/logger.ts";
import type { Mailer } from "../services/mail/mailer.ts";
import type { PasscodeService } from "../services/passcode/passcode-service.ts";
import type { PasswordHasher } from "../services/password/password-hasher.ts";
import type { RateLimiter } from "../services/rate-limit/limiter.ts";
import type { IssuedSession, SessionService } from "../session/session-service.ts";
import type { FlowData } from "./flow-data.ts";
import type { FlowWebauthn } from "./flow-webauthn.ts";
import type { StateName } from "./state-names.ts";

/** What the login and registration flows' actions and hooks may use, bound to the request's transaction. */
export interface FlowServices {
  /** The step's transaction; while an action prepares, the database outside any transaction. */
  tx: Kysely<Database>;
  family: SqlFamily;
  config: Config;
  log: Logger;
  now: () => Date;
  request: { ip: string; userAgent: string; language: string | null };
  passcodes: PasscodeService;
  passwords: PasswordHasher;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  webauthn: FlowWebauthn;
  sessions: SessionService;
  /** The signed-in user and session (profile flow only). */
  session?: { userId: string; sessionId: string };
  /** Bound to the request and its transaction: audit entries land with the step's writes or not at all. */
  events: EventEmitter;
  /** What the HTTP layer must do for the client: hand over a new session, or end the current one. */
  outcome: { session?: IssuedSession; rememberMe?: boolean; clearSession?: boolean };
}

/** The services every request shares; the rest of FlowServices is bound to one request. */
export type SharedFlowServices = Omit<FlowServices, "tx" | "family" | "now" | "request" | "session" | "outcome" | "events"> & {
  events: EventBus;
};

export type Ctx = FlowContext<FlowData, FlowServices, StateName>;
/** `P` is what the action's `prepare`, if any, hands to its `execute`. */
export type Action<P = unknown> = ActionDef<FlowData, FlowServices, StateName, P>;
export type FlowState = StateDef<FlowData, FlowServices, StateName>;
export type FlowHook = Hook<FlowData, FlowServices, StateName>;
export type Subflow = SubflowDef<FlowData, FlowServices, StateName>;
export type Flow = FlowDef<FlowData, FlowServices, StateName>;

import type { Config } from "../config/schema.ts";
import type { SqlFamily } from "../db/dialect.ts";
import type { Tx } from "../db/transaction.ts";
import type { FlowContext } from "../flowpilot/definition.ts";
import type { Logger } from "../log/logger.ts";
import type { Mailer } from "../services/mail/mailer.ts";
import type { PasscodeService } from "../services/passcode/passcode-service.ts";
import type { PasswordHasher } from "../services/password/password-hasher.ts";
import type { RateLimiter } from "../services/rate-limit/limiter.ts";
import type { IssuedSession, SessionService } from "../session/session-service.ts";
import type { FlowData } from "./flow-data.ts";
import type { FlowWebauthn } from "./flow-webauthn.ts";

/** What the login and registration flows' actions and hooks may use, bound to the request's transaction. */
export interface FlowServices {
  tx: Tx;
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
  /** Filled at `success`: the HTTP layer hands this session to the client. */
  outcome: { session?: IssuedSession; rememberMe?: boolean };
}

export type Ctx = FlowContext<FlowData, FlowServices>;

import { type Clock, systemClock } from "../clock/clock.ts";
import type { Config } from "../config/schema.ts";
import { parseDuration } from "../gocompat/duration.ts";
import type { Db } from "../db/connect.ts";
import { auditLogWriter } from "../audit/audit-log-writer.ts";
import { EventBus, NO_REQUEST } from "../events/events.ts";
import { type FlowLocker, inMemoryLocker, noLocker, redisLocker } from "../flowpilot/locker.ts";
import { type FlowWebauthn, flowWebauthn } from "../flowkit/flow-webauthn.ts";
import { KeyRing } from "../keys/key-ring.ts";
import { provisionKeys } from "../keys/provision.ts";
import { type LineSink, type Logger, stderrSink, stdoutSink } from "../log/logger.ts";
import { Mailer, type RenderedMail } from "../services/mail/mailer.ts";
import { mailTransport } from "../services/mail/transport.ts";
import { PasscodeService } from "../services/passcode/passcode-service.ts";
import { PasswordHasher } from "../services/password/password-hasher.ts";
import { type RateLimiter, rateLimiterFor } from "../services/rate-limit/limiter.ts";
import { SessionService } from "../session/session-service.ts";
import { sessionSettingsOf } from "../session/settings.ts";
import { jwkStore } from "../store/jwks.ts";
import { DeliveryWorker } from "../webhooks/delivery-worker.ts";
import { emailSendData } from "../webhooks/email-send.ts";
import { webhookOutbox } from "../webhooks/outbox.ts";
import { pinnedSend } from "../webhooks/pinned-send.ts";

/** Polling for keys another node added; an unknown `kid` looks sooner. */
const KEY_REFRESH_MS = 60_000;
const UNKNOWN_KID_REFRESH_MS = 5_000;
/** Hanko's effective lock expiry when `flow_locker.ttl` is unset. */
const DEFAULT_LOCK_TTL_MS = 15_000;

export interface Runtime {
  keys: KeyRing;
  sessions: SessionService;
  mailer: Mailer;
  passcodes: PasscodeService;
  passwords: PasswordHasher;
  rateLimiter: RateLimiter;
  webauthn: FlowWebauthn;
  locker: FlowLocker;
  events: EventBus;
  /** The webhook outbox's worker; `serve` starts it. */
  webhooks: DeliveryWorker;
  /** Where everything the runtime serves reads the time; a test's ManualClock, or the system's. */
  clock: Clock;
  close(): void;
}

/** The services a migrated database and a configuration give rise to, shared by the commands that need them. */
export async function startRuntime(
  config: Config,
  db: Db,
  log: Logger,
  options: { audit?: LineSink; clock?: Clock } = {},
): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const store = jwkStore(db.kysely);
  const generated = await provisionKeys(store, config.secrets.keys, now);
  if (generated > 0) log.info("generated signing keys", { count: generated });
  const keys = await KeyRing.open(store, config.secrets.keys, {
    refreshEveryMs: KEY_REFRESH_MS,
    unknownKidRefreshMs: UNKNOWN_KID_REFRESH_MS,
    log,
  });
  const transport = mailTransport(config.email_delivery, stdoutSink);
  const locker = lockerFor(config);
  const rateLimiter = rateLimiterFor(config, () => clock.now().getTime(), log);
  const events = new EventBus((error, event) =>
    log.error("an event listener failed", {
      event: event.webhook ?? event.audit,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  const sessions = new SessionService(db, keys, sessionSettingsOf(config), log, now, events);
  const auditSink = options.audit ?? (config.audit_log.console_output.output === "stderr" ? stderrSink : stdoutSink);
  // Required: as in Hanko, an audit entry that cannot be stored fails the operation it records.
  events.subscribe(auditLogWriter(config.audit_log, db.family, auditSink, now), { required: true });
  const webhooks = new DeliveryWorker({
    db,
    keys,
    clock,
    log,
    send: pinnedSend(config),
    settings: {
      audience: sessionSettingsOf(config).audience,
      retryForMs: parseDuration(config.webhooks.retry_for),
      expireHooks: config.webhooks.allow_time_expiration,
    },
  });
  // Required as well: an event that cannot be queued fails the change, so that none is lost.
  events.subscribe(
    webhookOutbox(config, clock, () => webhooks.nudge()),
    { required: true },
  );
  // A mail is sent after its step committed, so its `email.send` is queued on its own.
  const onEmailSend = (mail: RenderedMail, deliveredByHanko: boolean) =>
    events.emit({
      webhook: "email.send",
      userId: null,
      data: emailSendData(mail, deliveredByHanko),
      origin: NO_REQUEST,
      executor: db.kysely,
    });
  return {
    keys,
    sessions,
    mailer: new Mailer(config, transport, onEmailSend),
    passcodes: new PasscodeService(
      config.secrets.keys,
      config.email.passcode_charset === "alphanumeric" ? "alphanumeric" : "numeric",
      clock,
    ),
    passwords: new PasswordHasher(),
    rateLimiter,
    webauthn: flowWebauthn(config, now),
    locker,
    events,
    webhooks,
    clock,
    close: () => {
      void webhooks.stop();
      keys.close();
      transport.close();
      locker.close();
      rateLimiter.close();
    },
  };
}

function lockerFor(config: Config): FlowLocker {
  const settings = config.flow_locker;
  if (!settings.enabled) return noLocker();
  if (settings.store !== "redis") return inMemoryLocker();
  const ttl = parseDuration(settings.ttl);
  return redisLocker({
    address: settings.redis_config.address,
    password: settings.redis_config.password,
    ttlMs: ttl > 0 ? ttl : DEFAULT_LOCK_TTL_MS,
  });
}

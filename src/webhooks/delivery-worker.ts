import type { Clock } from "../clock/clock.ts";
import type { Db } from "../db/connect.ts";
import type { KeyRing } from "../keys/key-ring.ts";
import type { Logger } from "../log/logger.ts";
import { signSessionToken } from "../session/token.ts";
import { type DeliveryRow, webhookDeliveryStore } from "../store/webhook-deliveries.ts";
import { webhookStore } from "../store/webhooks.ts";

/**
 * One HTTP attempt: the status the receiver answered, or why there was none; `error` is kept with the
 * delivery (and shown by the admin API), `detail`, when given, only logged.
 */
export type SendResult = { status: number } | { error: string; detail?: string };
export type Send = (request: { url: string; headers: Record<string, string>; body: string }) => Promise<SendResult>;

export interface DeliverySettings {
  /** The token's `aud`: the session audience, as Hanko's. */
  audience: readonly string[];
  /** How long an event is retried before it is marked failed. */
  retryForMs: number;
  /** `webhooks.allow_time_expiration`: a database hook past its `expires_at` is disabled, not called. */
  expireHooks: boolean;
}

/** Hanko disables a database hook after more than five failed events in a row. */
const MAX_FAILURES = 5;
/** Hanko renews a database hook's expiry by thirty days with every delivered event. */
const RENEWAL_MS = 30 * 24 * 60 * 60 * 1000;
const TOKEN_LIFETIME_S = 5 * 60;
/** Longer than an attempt can take (its timeout), so a lease runs out only when its worker is gone. */
const LEASE_MS = 60_000;
const POLL_MS = 1_000;
/** After a write to the outbox, its transaction commits within milliseconds. */
const NUDGE_MS = 25;
const BATCH = 50;
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;

/** The header a receiver deduplicates by: the same for every attempt of one event for one hook. */
export const DELIVERY_ID_HEADER = "x-hanko-delivery-id";

/**
 * Delivers the outbox, in every `serve` process. It leases due rows (so of several processes on one
 * database one delivers each row at a time), posts Hanko's `{"token","event"}` with a freshly signed
 * token, and settles each attempt: delivered on a 2xx, else due again after an exponential, jittered
 * backoff until `retryForMs` has passed since the event, then failed. A lease outlives a killed
 * process by at most a minute, after which another (or the restarted one) delivers the row.
 */
export class DeliveryWorker {
  /** This process's attempts so far, by outcome: delivered, failed but to be retried, failed for good. */
  readonly attempts = { delivered: 0, retried: 0, failed: 0 };
  readonly #token = crypto.randomUUID();
  #timer: Timer | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #again = false;

  constructor(private readonly deps: { db: Db; keys: KeyRing; clock: Clock; log: Logger; send: Send; settings: DeliverySettings }) {}

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Something was queued: look soon rather than at the next poll. */
  nudge(): void {
    if (!this.#stopped) this.#schedule(NUDGE_MS);
  }

  /** Stops polling and waits for the attempts in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** One pass over what is due now; resolves when its attempts are settled. */
  async deliverDue(): Promise<void> {
    const store = webhookDeliveryStore(this.deps.db.kysely, this.deps.clock);
    const due = await store.due(BATCH);
    const until = new Date(this.deps.clock.now().getTime() + LEASE_MS);
    const leased = await store.lease(
      due.map((row) => row.id),
      this.#token,
      until,
    );
    await Promise.all(leased.map((row) => this.#attempt(row)));
    if (due.length === BATCH) this.#again = true;
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#pass(), ms);
  }

  async #pass(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.deliverDue()
      .catch((error: unknown) => this.deps.log.error("webhook delivery pass failed", { error: message(error) }))
      .finally(() => {
        this.#running = undefined;
        const again = this.#again;
        this.#again = false;
        if (!this.#stopped) this.#schedule(again ? 0 : POLL_MS);
      });
    await this.#running;
  }

  async #attempt(row: DeliveryRow): Promise<void> {
    const { db, clock, log } = this.deps;
    const hooks = webhookStore(db.kysely, clock);
    const store = webhookDeliveryStore(db.kysely, clock);
    if (row.webhook_id !== null) {
      const hook = await hooks.byId(row.webhook_id);
      const expired = hook !== undefined && this.deps.settings.expireHooks && hook.expires_at < clock.now();
      if (expired) await hooks.disable(hook.id);
      if (!hook?.enabled || expired) {
        const error = expired ? "the webhook expired" : "the webhook is disabled";
        await store.settle(row.id, this.#token, { status: "failed", httpStatus: null, error });
        return;
      }
    }
    const result = await this.deps.send({
      url: row.callback,
      headers: { "content-type": "application/json", [DELIVERY_ID_HEADER]: row.id },
      body: JSON.stringify({ token: await this.#tokenFor(row), event: row.event }),
    });
    const delivered = "status" in result && result.status >= 200 && result.status < 300;
    const httpStatus = "status" in result ? result.status : null;
    const error = delivered ? null : "error" in result ? result.error : `the receiver answered ${result.status}`;
    const now = clock.now();
    const retryAt = new Date(now.getTime() + backoffMs(row.attempts + 1));
    const givingUp = !delivered && retryAt.getTime() - row.created_at.getTime() > this.deps.settings.retryForMs;
    const status = delivered ? "delivered" : givingUp ? "failed" : "pending";
    if (!(await store.settle(row.id, this.#token, { status, httpStatus, error, retryAt: status === "pending" ? retryAt : undefined }))) {
      return;
    }
    this.attempts[status === "pending" ? "retried" : status]++;
    // The log names the hook and the reason, never the token.
    if (!delivered) {
      const reason = "detail" in result && result.detail !== undefined ? result.detail : error;
      log.warn("webhook delivery failed", {
        event: row.event,
        callback: row.callback,
        attempt: row.attempts + 1,
        error: reason,
        final: givingUp,
      });
    }
    if (row.webhook_id === null) return;
    if (delivered) await hooks.recordSuccess(row.webhook_id, new Date(now.getTime() + RENEWAL_MS));
    else if (givingUp) await hooks.recordFailure(row.webhook_id, MAX_FAILURES);
  }

  async #tokenFor(row: DeliveryRow): Promise<string> {
    const iat = Math.floor(this.deps.clock.now().getTime() / 1000);
    return signSessionToken(
      {
        sub: "hanko webhooks",
        iat,
        exp: iat + TOKEN_LIFETIME_S,
        aud: [...this.deps.settings.audience],
        evt: row.event,
        data: JSON.parse(row.data),
      },
      this.deps.keys,
    );
  }
}

/** Before the attempt after `attempts` tries: doubling from a second up to an hour, between half and all of it. */
function backoffMs(attempts: number): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

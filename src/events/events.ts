import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

/**
 * What happened to a user, as Hanko reports it: `webhook` is the webhook event name (Hanko's
 * backend/webhooks/events/events.go), `audit` the audit-log type (the AuditLogType constants of
 * backend/persistence/models/audit_log.go), both at @teamhanko/hanko-elements@2.7.0 and either absent
 * where Hanko has none; `error` says why an operation failed, for the failure types. Flows and the
 * admin API emit; the audit-log writer and the webhook outbox subscribe.
 */
export interface UserEvent {
  webhook?: string;
  audit?: string;
  /** null where no user is known, e.g. a sign-in attempt with an unknown email address */
  userId: string | null;
  details?: Record<string, unknown>;
  error?: string;
  /**
   * The webhook's `data`, where the emitter has it: the user as the admin API answers, the user as it
   * was before a deletion, a mail. Without it, webhook delivery loads the user as it is now.
   */
  data?: unknown;
}

/** The HTTP request behind an event: its `X-Request-Id`, the client's real IP and its user agent. */
export interface EventOrigin {
  requestId: string;
  ip: string;
  userAgent: string;
}

/** The origin of an event no request caused (a mail sent after its step, a session that idled out). */
export const NO_REQUEST: EventOrigin = { requestId: "", ip: "", userAgent: "" };

/**
 * An event as listeners receive it. `executor` is the connection of the operation that caused it:
 * inside a transaction, the transaction itself, so what a listener writes lands with the operation
 * or not at all, and SQLite's one connection is never waited for by its own holder.
 */
export interface EmittedEvent extends UserEvent {
  origin: EventOrigin;
  executor: Kysely<Database>;
}

export type EventListener = (event: EmittedEvent) => void | Promise<void>;

/** What emitters hold: the bus bound to their request and connection. */
export interface EventEmitter {
  emit(event: UserEvent): Promise<void>;
}

/**
 * In-process delivery to whoever subscribed. A listener's failure is reported and otherwise not the
 * emitter's problem, unless it subscribed as `required`: then it fails the operation, as a failed
 * audit-log write fails the request in Hanko.
 */
export class EventBus {
  readonly #listeners = new Map<EventListener, { required: boolean }>();

  constructor(private readonly onListenerError: (error: unknown, event: UserEvent) => void) {}

  subscribe(listener: EventListener, options: { required?: boolean } = {}): () => void {
    this.#listeners.set(listener, { required: options.required ?? false });
    return () => this.#listeners.delete(listener);
  }

  bind(executor: Kysely<Database>, origin: EventOrigin): EventEmitter {
    return { emit: (event) => this.emit({ ...event, origin, executor }) };
  }

  async emit(event: EmittedEvent): Promise<void> {
    for (const [listener, { required }] of this.#listeners) {
      try {
        await listener(event);
      } catch (error) {
        if (required) throw error;
        this.onListenerError(error, event);
      }
    }
  }
}

/**
 * What happened to a user, as Hanko reports it: `webhook` is the webhook event name (platform.md §2),
 * `audit` the audit-log type (platform.md §3), either absent where Hanko has none. Flows and the admin
 * API emit; the webhook and audit-log features subscribe.
 */
export interface UserEvent {
  webhook?: string;
  audit?: string;
  userId: string;
  details?: Record<string, unknown>;
}

export type EventListener = (event: UserEvent) => void | Promise<void>;

/** In-process delivery to whoever subscribed; a failing listener is reported, never the emitter's problem. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  constructor(private readonly onListenerError: (error: unknown, event: UserEvent) => void) {}

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async emit(event: UserEvent): Promise<void> {
    for (const listener of this.#listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}

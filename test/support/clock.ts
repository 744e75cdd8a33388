import type { Clock } from "../../src/clock/clock.ts";

/** A clock that stands still until a test moves it. */
export class ManualClock implements Clock {
  #at: number;

  constructor(at: Date | string = "2026-01-01T00:00:00Z") {
    this.#at = new Date(at).getTime();
  }

  now(): Date {
    return new Date(this.#at);
  }

  advance(ms: number): void {
    this.#at += ms;
  }

  set(at: Date | string): void {
    this.#at = new Date(at).getTime();
  }
}

/**
 * Where the server reads the time. One clock is made at start-up and handed to everything that
 * stamps or compares times (the engine, the session service, the stores), so a test can move time
 * by setting it instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

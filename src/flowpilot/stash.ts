/** The stored state of a flow (Hanko's backend/flowpilot/stash.go). */
export interface Stash<D, N extends string> {
  /** The kind of flow (login, registration, profile); absent in flows stored before it was recorded. */
  flow?: string;
  state: N;
  prev_state: N | null;
  /** Pending states, the next one first. */
  scheduled: N[];
  hist: Snapshot<D, N>[];
  data: D;
}

export interface Snapshot<D, N extends string> {
  state: N;
  prev_state: N | null;
  scheduled: N[];
  data: D;
  revertible: boolean;
}

/** Deep copy through JSON: the stash is stored as JSON anyway. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** `sticky` survives `back`: an already sent passcode stays usable when the user navigates. */
export function withSticky<D>(restored: D, current: D): D {
  const sticky = (current as { sticky?: unknown }).sticky;
  return sticky === undefined ? restored : { ...restored, sticky: clone(sticky) };
}

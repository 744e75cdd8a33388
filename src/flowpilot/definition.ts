import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";
import type { FlowError, InputError } from "./errors.ts";
import type { InputSpec } from "./inputs.ts";

/**
 * What an action or hook sees of the flow and the request. `D` is the stash data, `S` the services,
 * `N` the flow's state names: a misspelt state is then a compile error, not a user's dead end.
 */
export interface FlowContext<D, S, N extends string> {
  readonly flowId: string;
  /** The top-level flow: login, registration, profile. */
  readonly flowName: string;
  readonly state: N;
  readonly prevState: N | null;
  /** The working stash data; an action's changes are kept only if it continues. */
  data: D;
  /** The submitted input data, after trimming and lower-casing of declared inputs. */
  readonly input: Record<string, unknown>;
  /** This response's payload; never stored. */
  readonly payload: Record<string, unknown>;
  readonly services: S;
  /** The error attached to the response so far, if any. */
  readonly error: FlowError | undefined;
  /** Whether the flow has been in this state before. */
  visited(state: N): boolean;
  /** Puts states in front of the pending ones, in this order, from this request on. */
  schedule(...states: N[]): void;
  /** Attaches an error to the response without changing the transition ("continue with error"). */
  attachError(error: FlowError): void;
  /**
   * Registers a write to repeat outside the step's transaction should that roll back: what a failed
   * guess costs the guesser must not depend on the rest of the step succeeding.
   */
  keepOnRollback(write: (db: Kysely<Database>) => Promise<unknown>): void;
  /**
   * Registers work outside the database (a mail, handing a session to the client) to do once the
   * step's transaction has committed, in order; a rolled-back step does none of it.
   */
  afterCommit(effect: Effect): void;
}

/**
 * What a step does outside the database once its writes are in. When `run` fails, `undo` takes back
 * what the step wrote for it (a passcode nobody received) and the response carries `error`, on the
 * state the step committed; without an `error` the failure is a server fault (technical_error).
 */
export interface Effect {
  run(): Promise<void> | void;
  error?: FlowError;
  undo?(db: Kysely<Database>): Promise<unknown>;
}

export type Outcome<N extends string> =
  | { kind: "continue"; states: N[]; preventRevert: boolean; error?: FlowError }
  | { kind: "error"; error: FlowError; inputErrors: Record<string, InputError> }
  | { kind: "back" };

/** Move on: to the given states first, then to whatever was pending. */
export function proceed<N extends string>(states: N[] = [], options: { preventRevert?: boolean; error?: FlowError } = {}): Outcome<N> {
  return { kind: "continue", states, preventRevert: options.preventRevert ?? false, error: options.error };
}

/** Stay (4xx) or end in `error` (5xx), discarding the action's stash changes. */
export function fail(error: FlowError, inputErrors: Record<string, InputError> = {}): Outcome<never> {
  return { kind: "error", error, inputErrors };
}

/**
 * `P` is what `prepare` hands to `execute`. `prepare` is for slow work that must not hold the
 * transaction (an argon2id hash): it runs before it, on the flow as stored, with services outside any
 * transaction, after the inputs passed validation; it writes nothing. Should the flow change before
 * the transaction reads it again, the request is refused as a concurrent one.
 */
export interface ActionDef<D, S, N extends string, P = unknown> {
  name: string;
  description: string;
  /** Inputs in this context; evaluated for every response and before execution. */
  inputs?(ctx: FlowContext<D, S, N>): InputSpec[];
  /** Hidden in this context: not listed, and 403 when called. */
  suspended?(ctx: FlowContext<D, S, N>): boolean;
  /** Engine input validation before `execute` (Hanko skips it for a few actions). */
  validate?: boolean;
  /**
   * The states `execute` may proceed to or schedule, besides its own: `validateFlow` checks they
   * exist, and the engine refuses any other.
   */
  targets?: readonly N[];
  prepare?(ctx: FlowContext<D, S, N>): Promise<P>;
  execute(ctx: FlowContext<D, S, N>, prepared: P): Promise<Outcome<N>>;
}

export interface Hook<D, S, N extends string> {
  (ctx: FlowContext<D, S, N>): Promise<void> | void;
  /** The states the hook may schedule, as for an action; made with `scheduling`. */
  readonly targets?: readonly N[];
}

/** A hook that may schedule these states and no others. */
export function scheduling<D, S, N extends string>(
  targets: readonly NoInfer<N>[],
  hook: (ctx: FlowContext<D, S, N>) => Promise<void> | void,
): Hook<D, S, N> {
  return Object.assign((ctx: FlowContext<D, S, N>) => hook(ctx), { targets });
}

export interface StateDef<D, S, N extends string> {
  name: N;
  actions: ActionDef<D, S, N>[];
  /** Run on every entry, in order. */
  before?: Hook<D, S, N>[];
  /** Run when leaving by a continue, in order. */
  after?: Hook<D, S, N>[];
}

/** States under their names; a flow checks at start-up that each key is its state's name. */
export type States<D, S, N extends string> = Partial<Record<N, StateDef<D, S, N>>>;

/** Hooks a flow adds to states, its own or its sub-flows', after those the state brings. */
export type StateHooks<D, S, N extends string> = Partial<Record<N, Hook<D, S, N>[]>>;

/**
 * Hanko's sub-flow: states that belong together (credential usage, onboarding, ...), taken into a
 * flow as a whole. A continue from one of them to a state outside runs `afterFlow`.
 */
export interface SubflowDef<D, S, N extends string> {
  name: string;
  states: States<D, S, N>;
  afterFlow?: Hook<D, S, N>[];
}

export interface FlowDef<D, S, N extends string> {
  name: string;
  ttlMs: number;
  /** The first state, then the states pending behind it. */
  initial: N[];
  subflows?: SubflowDef<D, S, N>[];
  /** The flow's own states, outside any sub-flow. */
  states: States<D, S, N>;
  beforeState?: StateHooks<D, S, N>;
  afterState?: StateHooks<D, S, N>;
  /** Run before every action and again before a state is entered (the profile reloads its user here). */
  beforeEachAction?: Hook<D, S, N>[];
  initialData(): D;
}

/** The built-in `back` action: offered only after a revertible step. */
export const BACK = "back";

/** Where a 5xx error ends every flow. */
export const ERROR_STATE = "error";

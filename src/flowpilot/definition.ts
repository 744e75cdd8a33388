import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";
import type { FlowError, InputError } from "./errors.ts";
import type { InputSpec } from "./inputs.ts";

/** What an action or hook sees of the flow and the request. `D` is the stash data, `S` the services. */
export interface FlowContext<D, S> {
  readonly flowId: string;
  /** The top-level flow: login, registration, profile. */
  readonly flowName: string;
  readonly state: string;
  readonly prevState: string | null;
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
  visited(state: string): boolean;
  /** Puts states in front of the pending ones, in this order, from this request on. */
  schedule(...states: string[]): void;
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

export type Outcome =
  | { kind: "continue"; states: string[]; preventRevert: boolean; error?: FlowError }
  | { kind: "error"; error: FlowError; inputErrors: Record<string, InputError> }
  | { kind: "back" };

/** Move on: to the given states first, then to whatever was pending. */
export function proceed(states: string[] = [], options: { preventRevert?: boolean; error?: FlowError } = {}): Outcome {
  return { kind: "continue", states, preventRevert: options.preventRevert ?? false, error: options.error };
}

/** Stay (4xx) or end in `error` (5xx), discarding the action's stash changes. */
export function fail(error: FlowError, inputErrors: Record<string, InputError> = {}): Outcome {
  return { kind: "error", error, inputErrors };
}

/**
 * `P` is what `prepare` hands to `execute`. `prepare` is for slow work that must not hold the
 * transaction (an argon2id hash): it runs before it, on the flow as stored, with services outside any
 * transaction, after the inputs passed validation; it writes nothing. Should the flow change before
 * the transaction reads it again, the request is refused as a concurrent one.
 */
export interface ActionDef<D, S, P = unknown> {
  name: string;
  description: string;
  /** Inputs in this context; evaluated for every response and before execution. */
  inputs?(ctx: FlowContext<D, S>): InputSpec[];
  /** Hidden in this context: not listed, and 403 when called. */
  suspended?(ctx: FlowContext<D, S>): boolean;
  /** Engine input validation before `execute` (Hanko skips it for a few actions). */
  validate?: boolean;
  prepare?(ctx: FlowContext<D, S>): Promise<P>;
  execute(ctx: FlowContext<D, S>, prepared: P): Promise<Outcome>;
}

export type Hook<D, S> = (ctx: FlowContext<D, S>) => Promise<void> | void;

export interface StateDef<D, S> {
  name: string;
  /** The (sub-)flow the state belongs to; leaving a sub-flow runs its after-flow hooks. */
  subflow: string;
  actions: ActionDef<D, S>[];
  /** Run on every entry, in order. */
  before?: Hook<D, S>[];
  /** Run when leaving by a continue, in order. */
  after?: Hook<D, S>[];
}

export interface FlowDef<D, S> {
  name: string;
  ttlMs: number;
  /** The first state, then the states pending behind it. */
  initial: string[];
  states: Record<string, StateDef<D, S>>;
  afterFlow?: Record<string, Hook<D, S>[]>;
  /** Run before every action and again before a state is entered (the profile reloads its user here). */
  beforeEachAction?: Hook<D, S>[];
  initialData(): D;
}

/** The built-in `back` action: offered only after a revertible step. */
export const BACK = "back";

import type { Kysely } from "kysely";
import type { Clock } from "../clock/clock.ts";
import type { Db } from "../db/connect.ts";
import type { Database } from "../db/tables.ts";
import type { Logger } from "../log/logger.ts";
import { inTransaction, type Tx } from "../db/transaction.ts";
import { type FlowRow, flowStore } from "../store/flows.ts";
import { newCsrfToken, sameToken } from "./csrf.ts";
import { type ActionDef, BACK, type Effect, ERROR_STATE, type FlowContext, type FlowDef, type Hook, type Outcome } from "./definition.ts";
import { type FlowError, FlowErrors, type InputError, StepRefused } from "./errors.ts";
import { type PlacedState, placeStates } from "./graph.ts";
import { transformInputs, validateInputs } from "./inputs.ts";
import type { FlowLocker } from "./locker.ts";
import { errorResult, type FlowResponse, stateResponse } from "./response.ts";
import { clone, type Stash, withSticky } from "./stash.ts";
import { validateFlow } from "./validate.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EngineDeps {
  db: Db;
  locker: FlowLocker;
  log: Logger;
  clock: Clock;
}

/** Services for one request, bound to the step's transaction or, while an action prepares, to none. */
export type ServicesFor<S> = (db: Kysely<Database>) => S;

/** A request body that could not be read as JSON. */
export const UNREADABLE_BODY = Symbol("unreadable body");

/** What the executed action leaves for the response. */
interface Executed {
  action: string;
  inputErrors: Record<string, InputError>;
  input: Record<string, unknown>;
}

/**
 * Hanko's flowpilot (backend/flowpilot at @teamhanko/hanko-elements@2.7.0): creates flows and executes
 * one action at a time against the stored state. Each step runs in one database transaction with the
 * flow's optimistic update; an exception rolls it back and answers `technical_error`. What a step does
 * outside the database (mail, the session handed to the client) happens only after the commit, and
 * slow work (a password hash) before the transaction, so no transaction waits on either.
 */
export class FlowEngine<D extends object, S, N extends string> {
  private readonly states: ReadonlyMap<string, PlacedState<D, S, N>>;
  /** The actions that prepare, by name: only their requests read the flow before the transaction. */
  private readonly preparing: Set<string>;

  constructor(
    private readonly def: FlowDef<D, S, N>,
    private readonly deps: EngineDeps,
  ) {
    validateFlow(def);
    this.states = placeStates(def);
    this.preparing = new Set(
      [...this.states.values()].flatMap((state) => state.actions.filter((action) => action.prepare).map((action) => action.name)),
    );
  }

  async create(services: ServicesFor<S>): Promise<FlowResponse> {
    const kept: KeptWrite[] = [];
    try {
      const step = await inTransaction(this.deps.db, async (tx) => {
        const now = this.deps.clock.now();
        const [first, ...pending] = this.def.initial;
        if (!first) throw new Error(`flow ${this.def.name} has no initial state`);
        const stash: Stash<D, N> = {
          flow: this.def.name,
          state: first,
          prev_state: null,
          scheduled: pending,
          hist: [],
          data: this.def.initialData(),
        };
        const run = new Run(this.def, this.states, crypto.randomUUID(), stash, services(tx), {}, kept);
        await run.enter(first);
        const csrf = newCsrfToken();
        await flowStore(tx).create({
          id: run.flowId,
          data: JSON.stringify(run.stash),
          csrfToken: csrf,
          expiresAt: new Date(now.getTime() + this.def.ttlMs),
          createdAt: now,
        });
        return { run, csrf, executed: undefined };
      });
      return await this.respond(step);
    } catch (error) {
      return this.technical(error, kept);
    }
  }

  async execute(actionParam: string, body: unknown, services: ServicesFor<S>): Promise<FlowResponse> {
    // Hanko answers both with a 500 technical_error; a client's malformed request is no server fault,
    // and a 5xx for it would page whoever watches the error rate.
    if (body === UNREADABLE_BODY) return errorResult(FlowErrors.formDataInvalid);
    const parsed = parseActionParam(actionParam);
    if (!parsed) return errorResult(FlowErrors.operationNotPermitted);
    const kept: KeptWrite[] = [];
    // A locker that cannot be asked (Redis down) is a real fault; one still busy after the wait is the
    // client's other request on this flow.
    const release = await this.deps.locker.acquire(parsed.flowId, LOCK_WAIT_MS).catch((error: unknown) => error);
    if (typeof release !== "function")
      return release === undefined ? errorResult(FlowErrors.operationNotPermitted) : this.technical(release, kept);
    try {
      const request = { ...parsed, body: requestBody(body) };
      const prepared = this.preparing.has(request.action) ? await this.prepare(request, services(this.deps.db.kysely)) : undefined;
      if (isResponse(prepared)) return prepared;
      const step = await inTransaction(this.deps.db, (tx) => this.step(tx, request, services(tx), kept, prepared));
      return isResponse(step) ? step : await this.respond(step);
    } catch (error) {
      if (error instanceof FlowChangedMeanwhile || error instanceof StepRefused) {
        await this.keep(kept);
        return errorResult(error instanceof StepRefused ? error.error : FlowErrors.operationNotPermitted);
      }
      return this.technical(error, kept);
    } finally {
      await release().catch(() => {});
    }
  }

  /** The stored flow the request is for, or the refusal: unknown, expired, wrong token, another kind. */
  private async load(db: Kysely<Database>, request: StepRequest): Promise<Loaded<D, S, N> | FlowResponse> {
    const row = await flowStore(db).byId(request.flowId);
    if (!row) return errorResult(FlowErrors.operationNotPermitted);
    if (this.deps.clock.now() > row.expires_at) return errorResult(FlowErrors.flowExpired);
    if (!sameToken(request.body.csrfToken, row.csrf_token)) return errorResult(FlowErrors.operationNotPermitted);
    const stash = JSON.parse(row.data) as Stash<D, N>;
    // A flow of another kind is no flow of this one, as an unknown id is none. Flows stored before
    // the kind was recorded are told by their state.
    const state = this.states.get(stash.state);
    if ((stash.flow ?? this.def.name) !== this.def.name || !state) return errorResult(FlowErrors.operationNotPermitted);
    return { row, stash, state };
  }

  /**
   * The action's `prepare`, outside any transaction: the value for `execute` and the flow version it
   * was prepared on; `undefined` when the action is not there to prepare.
   */
  private async prepare(request: StepRequest, services: S): Promise<Prepared | undefined | FlowResponse> {
    const loaded = await this.load(this.deps.db.kysely, request);
    if (isResponse(loaded)) return loaded;
    const run = new Run(this.def, this.states, loaded.row.id, loaded.stash, services, { ...request.body.input }, []);
    await run.runHooks("a before-each-action hook", this.def.beforeEachAction);
    const action = loaded.state.actions.find((a) => a.name === request.action);
    if (!action?.prepare || !run.available(action)) return undefined;
    const ctx = run.context(clone(loaded.stash.data));
    const specs = action.inputs?.(ctx) ?? [];
    transformInputs(specs, run.input);
    // Invalid inputs fail in the step, before `execute` could use a prepared value.
    const invalid = action.validate !== false && Object.keys(validateInputs(specs, run.input)).length > 0;
    return { version: loaded.row.version, value: invalid ? undefined : await action.prepare(ctx) };
  }

  private async step(
    tx: Tx,
    request: StepRequest,
    services: S,
    kept: KeptWrite[],
    prepared: Prepared | undefined,
  ): Promise<Step<D, S, N> | FlowResponse> {
    const loaded = await this.load(tx, request);
    if (isResponse(loaded)) return loaded;
    const { row, stash, state } = loaded;
    if (prepared && prepared.version !== row.version) throw new FlowChangedMeanwhile();
    const run = new Run(this.def, this.states, row.id, stash, services, request.body.input, kept);
    await run.runHooks("a before-each-action hook", this.def.beforeEachAction);
    const action = state.actions.find((a) => a.name === request.action);
    if (!action || !run.available(action)) return errorResult(FlowErrors.operationNotPermitted);
    // Prepared for another state (the flow moved on without a locker): not this step's to use.
    if (action.prepare && !prepared) throw new FlowChangedMeanwhile();

    const executed = await run.perform(action, prepared?.value);
    const csrf = newCsrfToken();
    const now = this.deps.clock.now();
    if (
      !(await flowStore(tx).update({ id: row.id, version: row.version, data: JSON.stringify(run.stash), csrfToken: csrf, updatedAt: now }))
    ) {
      throw new FlowChangedMeanwhile();
    }
    return { run, csrf, executed };
  }

  /**
   * After the commit: carries out the step's effects in order, then answers. An effect that fails
   * has its writes taken back and its error attached; the ones after it do not run.
   */
  private async respond(step: Step<D, S, N>): Promise<FlowResponse> {
    const { run } = step;
    for (const effect of run.effects) {
      try {
        await effect.run();
      } catch (error) {
        this.deps.log.error("flow effect after commit failed", { flow: this.def.name, error: message(error) });
        await effect
          .undo?.(this.deps.db.kysely)
          .catch((failure: unknown) =>
            this.deps.log.error("taking back a failed effect's writes failed", { flow: this.def.name, error: message(failure) }),
          );
        run.error = effect.error ?? FlowErrors.technical;
        break;
      }
    }
    return stateResponse(run.response(step.csrf, step.executed));
  }

  /** After a rolled-back step: repeats the writes it kept. */
  private async keep(kept: KeptWrite[]): Promise<void> {
    for (const write of kept) {
      await write(this.deps.db.kysely).catch((failure: unknown) =>
        this.deps.log.error("flow write kept across a rollback failed", { flow: this.def.name, error: message(failure) }),
      );
    }
  }

  private async technical(error: unknown, kept: KeptWrite[]): Promise<FlowResponse> {
    await this.keep(kept);
    // The cause stays on the server; the client learns only that something went wrong.
    this.deps.log.error("flow request failed", { flow: this.def.name, error: message(error) });
    return errorResult(FlowErrors.technical);
  }
}

interface StepRequest {
  action: string;
  flowId: string;
  body: RequestBody;
}

interface Loaded<D extends object, S, N extends string> {
  row: FlowRow;
  stash: Stash<D, N>;
  state: PlacedState<D, S, N>;
}

interface Prepared {
  version: number;
  value: unknown;
}

/** A committed step, waiting for its effects and its response. */
interface Step<D extends object, S, N extends string> {
  run: Run<D, S, N>;
  csrf: string;
  executed: Executed | undefined;
}

function isResponse(value: unknown): value is FlowResponse {
  return value !== null && typeof value === "object" && "status" in value && "body" in value;
}

type KeptWrite = (db: Kysely<Database>) => Promise<unknown>;

/**
 * How long a request waits for another on the same flow. A step takes milliseconds to a few seconds
 * (a mail, a password hash); a request still queued after this is refused rather than left hanging.
 */
const LOCK_WAIT_MS = 10_000;

/** The flow's version moved on between reading and writing it: a concurrent request (without a locker) won. */
class FlowChangedMeanwhile extends Error {
  constructor() {
    super("the flow was changed by another request");
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface RequestBody {
  input: Record<string, unknown>;
  csrfToken: string;
}

function requestBody(body: unknown): RequestBody {
  const object = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const input = object.input_data;
  return {
    input: input !== null && typeof input === "object" && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : {},
    csrfToken: typeof object.csrf_token === "string" ? object.csrf_token : "",
  };
}

function parseActionParam(value: string): { action: string; flowId: string } | undefined {
  const parts = value.split("@");
  if (parts.length !== 2) return undefined;
  const [action = "", flowId = ""] = parts;
  return action !== "" && UUID.test(flowId) ? { action, flowId: flowId.toLowerCase() } : undefined;
}

/** What moves the flow on (an action or a hook), and the states it declared. */
interface Mover<N extends string> {
  label: string;
  targets: readonly N[] | undefined;
}

/** Code outside actions and hooks (an action's inputs, say) moves nowhere. */
const NOBODY: Mover<never> = { label: "code outside an action or hook", targets: [] };

/** One request's work on one flow: the stash it changes and the response it builds. */
class Run<D extends object, S, N extends string> {
  readonly payload: Record<string, unknown> = {};
  error: FlowError | undefined;
  /** States scheduled during this request, in order; they go in front of the pending ones. */
  local: N[] = [];
  /** What to do once the step has committed. */
  readonly effects: Effect[] = [];

  constructor(
    readonly def: FlowDef<D, S, N>,
    private readonly states: ReadonlyMap<string, PlacedState<D, S, N>>,
    readonly flowId: string,
    public stash: Stash<D, N>,
    readonly services: S,
    readonly input: Record<string, unknown>,
    private readonly kept: KeptWrite[],
  ) {}

  context(data: D = this.stash.data, mover: Mover<N> = NOBODY): FlowContext<D, S, N> {
    const run = this;
    return {
      flowId: this.flowId,
      flowName: this.def.name,
      state: this.stash.state,
      prevState: this.stash.prev_state,
      data,
      input: this.input,
      payload: this.payload,
      services: this.services,
      get error() {
        return run.error;
      },
      visited: (state) => this.stash.state === state || this.stash.hist.some((h) => h.state === state),
      schedule: (...states) => {
        this.allow(mover, states);
        this.local.push(...states);
      },
      attachError: (error) => void (this.error = error),
      keepOnRollback: (write) => void this.kept.push(write),
      afterCommit: (effect) => void this.effects.push(effect),
    };
  }

  async runHooks(label: string, hooks: readonly Hook<D, S, N>[] | undefined, data: D = this.stash.data): Promise<void> {
    for (const hook of hooks ?? []) await hook(this.context(data, { label, targets: hook.targets }));
  }

  /** Holds actions and hooks to the states they declare, which are the ones `validateFlow` found in the flow. */
  private allow(mover: Mover<N>, states: readonly N[]): void {
    const undeclared = states.find((state) => state !== this.stash.state && !mover.targets?.includes(state));
    if (undeclared !== undefined)
      throw new Error(`flow ${this.def.name}: ${mover.label} moved to ${undeclared}, which it does not declare`);
  }

  stateDef(name: N): PlacedState<D, S, N> {
    const state = this.states.get(name);
    if (!state) throw new Error(`flow ${this.def.name} has no state ${name}`);
    return state;
  }

  available(action: ActionDef<D, S, N>, ctx = this.context()): boolean {
    if (action.name === BACK) return this.stash.hist.at(-1)?.revertible === true;
    return !action.suspended?.(ctx);
  }

  async enter(state: N): Promise<void> {
    this.stash.state = state;
    await this.runHooks("a before-each-action hook", this.def.beforeEachAction);
    await this.runHooks(`a before hook of ${state}`, this.stateDef(state).before);
  }

  async perform(action: ActionDef<D, S, N>, prepared: unknown): Promise<Executed> {
    if (action.name === BACK) {
      await this.back();
      return { action: action.name, inputErrors: {}, input: this.input };
    }
    const startData = clone(this.stash.data);
    const working = clone(this.stash.data);
    const mover: Mover<N> = { label: `action ${action.name} of ${this.stash.state}`, targets: action.targets };
    const ctx = this.context(working, mover);
    const specs = action.inputs?.(ctx) ?? [];
    transformInputs(specs, this.input);
    let outcome: Outcome<N>;
    const invalid = action.validate === false ? {} : validateInputs(specs, this.input);
    if (Object.keys(invalid).length > 0) outcome = { kind: "error", error: FlowErrors.formDataInvalid, inputErrors: invalid };
    else outcome = await action.execute(ctx, prepared);
    if (outcome.kind === "error") {
      await this.fail(outcome.error, startData);
      return { action: action.name, inputErrors: outcome.inputErrors, input: this.input };
    }
    if (outcome.kind === "back") {
      await this.back();
    } else {
      this.allow(mover, outcome.states);
      if (outcome.error) this.error = outcome.error;
      await this.continue(outcome.states, outcome.preventRevert, startData, ctx.data);
    }
    return { action: action.name, inputErrors: {}, input: this.input };
  }

  /** `Continue` in Hanko's backend/flowpilot/context_action_exec.go. */
  async continue(states: N[], preventRevert: boolean, startData: D, working: D): Promise<void> {
    for (const state of states) this.stateDef(state);
    this.local.push(...states);
    const current = this.stateDef(this.stash.state);
    const startScheduled = [...this.stash.scheduled];
    const next = () => this.local[0] ?? this.stash.scheduled[0];
    const upcoming = next();
    if (upcoming === undefined || this.stateDef(upcoming).subflow !== current.subflow) {
      await this.runHooks(`an after-flow hook of ${current.subflow?.name}`, current.subflow?.afterFlow, working);
    }
    await this.runHooks(`an after hook of ${current.name}`, current.after, working);
    const pending = [...this.local, ...this.stash.scheduled];
    const target = pending.shift();
    if (target === undefined) throw new Error(`flow ${this.def.name}: no state left after ${current.name}`);
    this.local = [];
    if (target !== current.name) {
      this.stash.hist.push({
        state: current.name,
        prev_state: this.stash.prev_state,
        scheduled: startScheduled,
        data: startData,
        revertible: !preventRevert,
      });
      this.stash.prev_state = current.name;
    }
    this.stash.data = working;
    this.stash.scheduled = target === "success" ? [] : pending;
    await this.enter(target);
    // Hooks of the state entered may schedule further states (they go in front, as everywhere).
    if (this.local.length > 0) {
      this.stash.scheduled = [...this.local, ...this.stash.scheduled];
      this.local = [];
    }
  }

  /** `Error` in Hanko's backend/flowpilot/context_action_exec.go: stay on 4xx, end in `error` on 5xx; the action's stash changes are dropped. */
  async fail(error: FlowError, startData: D): Promise<void> {
    this.error = error;
    // Every flow has its error state: the engine refuses to run one without.
    const target = error.status < 500 ? this.stash.state : (ERROR_STATE as N);
    this.stash.data = startData;
    this.stash.prev_state = this.stash.state;
    this.stash.scheduled = [...this.local, ...this.stash.scheduled];
    this.local = [];
    await this.enter(target);
  }

  /** `Revert` in Hanko's backend/flowpilot/context_action_exec.go: restore the last snapshot, keeping `sticky` data. */
  async back(): Promise<void> {
    const snapshot = this.stash.hist.pop();
    if (!snapshot) throw new Error("back without history");
    this.stash.prev_state = snapshot.prev_state;
    this.stash.scheduled = snapshot.scheduled;
    this.stash.data = withSticky(snapshot.data, this.stash.data);
    await this.enter(snapshot.state);
  }

  response(csrf: string, executed: Executed | undefined) {
    const state = this.stateDef(this.stash.state);
    const ctx = this.context();
    const actions = state.actions
      .filter((action) => this.available(action, ctx))
      .map((action) => ({
        name: action.name,
        description: action.description,
        inputs: action.inputs?.(ctx) ?? [],
        errors: executed?.action === action.name ? executed.inputErrors : {},
        values: executed?.action === action.name ? executed.input : {},
      }));
    return { flowName: this.def.name, flowId: this.flowId, state: state.name, payload: this.payload, csrf, actions, error: this.error };
  }
}

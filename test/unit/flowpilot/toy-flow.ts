import { systemClock } from "../../../src/clock/clock.ts";
import { openDatabase } from "../../../src/db/connect.ts";
import { migrateUp } from "../../../src/db/migrations/migrator.ts";
import { type ActionDef, type FlowDef, fail, proceed, scheduling } from "../../../src/flowpilot/definition.ts";
import { type EngineDeps, FlowEngine } from "../../../src/flowpilot/engine.ts";
import { FlowErrors } from "../../../src/flowpilot/errors.ts";
import { inMemoryLocker } from "../../../src/flowpilot/locker.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { flowStore } from "../../../src/store/flows.ts";

/**
 * A small flow to drive the engine with: `start`, a sub-flow of `inner_a` and `inner_b`, then
 * `side` and `outside`. Hooks write what ran into the services' log.
 */
export type ToyState = "start" | "inner_a" | "inner_b" | "side" | "outside" | "error";

export interface ToyData {
  note?: string;
  sticky?: { kept?: string };
}

export interface ToyServices {
  log: string[];
}

type Action = ActionDef<ToyData, ToyServices, ToyState>;

const back: Action = { name: "back", description: "Back.", execute: async () => ({ kind: "back" }) };
const onward: Action = { name: "continue", description: "On.", execute: async () => proceed() };

const logged = (entry: string) => (ctx: { services: ToyServices }) => void ctx.services.log.push(entry);

export const toyFlow: FlowDef<ToyData, ToyServices, ToyState> = {
  name: "toy",
  ttlMs: 60_000,
  initial: ["start", "outside"],
  initialData: () => ({}),
  subflows: [
    {
      name: "inner",
      states: {
        inner_a: {
          name: "inner_a",
          actions: [
            { name: "next", description: "To b.", targets: ["inner_b"], execute: async () => proceed(["inner_b"]) },
            {
              name: "remember",
              description: "Keep a note across back.",
              targets: ["inner_b"],
              async execute(ctx) {
                ctx.data.sticky = { kept: "yes" };
                ctx.data.note = "written in inner_a";
                return proceed(["inner_b"]);
              },
            },
            back,
          ],
          before: [logged("before inner_a")],
          after: [logged("after inner_a")],
        },
        inner_b: {
          name: "inner_b",
          actions: [
            onward,
            { name: "leave_for_good", description: "No way back.", execute: async () => proceed([], { preventRevert: true }) },
            back,
          ],
        },
      },
      afterFlow: [
        scheduling(["side"], (ctx) => {
          ctx.services.log.push("after-flow inner");
          if (!ctx.visited("side")) ctx.schedule("side");
        }),
      ],
    },
  ],
  states: {
    start: {
      name: "start",
      actions: [
        {
          name: "go",
          description: "Into the sub-flow.",
          targets: ["inner_a"],
          async execute(ctx) {
            ctx.data.note = "went";
            return proceed(["inner_a"]);
          },
        },
        {
          name: "plan",
          description: "Two states, in order.",
          targets: ["side", "inner_a"],
          execute: async () => proceed(["side", "inner_a"]),
        },
        {
          name: "break_form",
          description: "A 4xx.",
          async execute(ctx) {
            ctx.data.note = "dropped";
            return fail(FlowErrors.formDataInvalid);
          },
        },
        {
          name: "break_server",
          description: "A 5xx.",
          async execute(ctx) {
            ctx.data.note = "dropped";
            return fail(FlowErrors.flowDiscontinuity);
          },
        },
        {
          name: "hidden",
          description: "Never offered.",
          suspended: () => true,
          targets: ["inner_a"],
          execute: async () => proceed(["inner_a"]),
        },
        { name: "stray", description: "Moves where it does not say.", execute: async () => proceed(["outside"]) },
        {
          name: "stray_schedule",
          description: "Schedules what it does not say.",
          targets: ["inner_a"],
          async execute(ctx) {
            ctx.schedule("side");
            return proceed(["inner_a"]);
          },
        },
      ],
    },
    side: { name: "side", actions: [onward, back] },
    outside: { name: "outside", actions: [back] },
    error: { name: "error", actions: [] },
  },
  beforeState: { start: [logged("before start")] },
  afterState: { start: [logged("after start")] },
};

/** The engine over an in-memory database, with what it logged. */
export async function toyEngine() {
  const db = openDatabase({ family: "sqlite", path: ":memory:" });
  await migrateUp(db);
  const logLines: string[] = [];
  const deps: EngineDeps = { db, locker: inMemoryLocker(), log: createLogger((line) => logLines.push(line)), clock: systemClock };
  return { db, deps, logLines, engine: new FlowEngine(toyFlow, deps), close: () => db.close() };
}

interface Body {
  name: string;
  status: number;
  csrf_token: string;
  actions: Record<string, { href: string }>;
  error?: { code: string };
}

/** One flow driven as a client does: each action with the last CSRF token; a refused request leaves the token as it was. */
export class ToyClient {
  readonly log: string[] = [];
  body!: Body;
  status!: number;
  private flowId = "";
  private csrf = "";

  constructor(private readonly toy: Awaited<ReturnType<typeof toyEngine>>) {}

  async start(): Promise<Body> {
    this.take(await this.toy.engine.create(() => ({ log: this.log })));
    const href = Object.values(this.body.actions)[0]!.href;
    this.flowId = new URLSearchParams(href.split("?")[1]).get("action")!.split("@")[1]!;
    return this.body;
  }

  async run(action: string): Promise<Body> {
    const body = { csrf_token: this.csrf, input_data: {} };
    this.take(await this.toy.engine.execute(`${action}@${this.flowId}`, body, () => ({ log: this.log })));
    return this.body;
  }

  actions(): string[] {
    return Object.keys(this.body.actions).sort();
  }

  /** The stored stash. */
  async stash(): Promise<{ state: string; data: ToyData; scheduled: string[] }> {
    const row = await flowStore(this.toy.db.kysely).byId(this.flowId);
    return JSON.parse(row!.data);
  }

  private take(response: { status: number; body: Record<string, unknown> }): void {
    this.status = response.status;
    this.body = response.body as unknown as Body;
    if (this.body.csrf_token !== "") this.csrf = this.body.csrf_token;
  }
}

// The engine keeps slow work out of the step's transaction: an action's `prepare` runs before it, and
// effects registered with `afterCommit` run after it, only if it committed. On SQLite a transaction
// holds the only connection, so "outside" is observable: another flow's step gets through meanwhile.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import type { Kysely } from "kysely";
import { openDatabase, type Db } from "../../../src/db/connect.ts";
import { migrateUp } from "../../../src/db/migrations/migrator.ts";
import type { Database } from "../../../src/db/tables.ts";
import { type FlowDef, fail, proceed } from "../../../src/flowpilot/definition.ts";
import { FlowEngine } from "../../../src/flowpilot/engine.ts";
import { FlowErrors } from "../../../src/flowpilot/errors.ts";
import { inMemoryLocker } from "../../../src/flowpilot/locker.ts";
import type { FlowResponse } from "../../../src/flowpilot/response.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { ManualClock } from "../../support/clock.ts";

interface Data {
  prepared?: string;
}

interface Services {
  db: Kysely<Database>;
  /** What the test lets happen, and what the flow reports back. */
  probe: Probe;
}

class Probe {
  gate: Promise<void> = Promise.resolve();
  events: string[] = [];
  failEffect = false;
  failStep = false;
}

const SLOW = "slow";
const DELIVER = "deliver";
const NOT_SENT = { ...FlowErrors.technical, status: 503, message: "not sent" };

type Name = "start" | "done" | "error";

const toyFlow: FlowDef<Data, Services, Name> = {
  name: "toy",
  ttlMs: 60_000,
  initial: ["start"],
  initialData: () => ({}),
  states: {
    start: {
      name: "start",
      actions: [
        {
          name: SLOW,
          description: "prepares slowly, then moves on",
          inputs: () => [{ name: "word", type: "string", required: true }],
          targets: ["done"],
          async prepare(ctx) {
            ctx.services.probe.events.push(`prepare ${String(ctx.input.word)}`);
            await ctx.services.probe.gate;
            return `prepared ${String(ctx.input.word)}`;
          },
          async execute(ctx, prepared) {
            ctx.data.prepared = prepared as string;
            return proceed(["done"]);
          },
        },
        {
          name: DELIVER,
          description: "registers effects, then moves on or fails",
          targets: ["done"],
          async execute(ctx) {
            const { probe } = ctx.services;
            await ctx.services.db.insertInto("passcodes").values(passcodeRow("undone")).execute();
            ctx.afterCommit({ run: () => void probe.events.push("first effect") });
            ctx.afterCommit({
              run: () => {
                if (probe.failEffect) throw new Error("the mail server said no");
                probe.events.push("second effect");
              },
              error: NOT_SENT,
              undo: async (db) => {
                probe.events.push("undo");
                await db.deleteFrom("passcodes").where("id", "=", "undone").execute();
              },
            });
            ctx.afterCommit({ run: () => void probe.events.push("third effect") });
            if (probe.failStep) throw new Error("the step broke after registering its effects");
            return proceed(["done"]);
          },
        },
        {
          name: "refuse",
          description: "fails with a 4xx after registering an effect",
          async execute(ctx) {
            ctx.afterCommit({ run: () => void ctx.services.probe.events.push("effect of a refused step") });
            return fail(FlowErrors.formDataInvalid);
          },
        },
      ],
    },
    done: { name: "done", actions: [] },
    error: { name: "error", actions: [] },
  },
};

function passcodeRow(id: string) {
  const at = new Date();
  return { id, user_id: null, email_id: null, ttl: 300, code: "x", try_count: 0, created_at: at, updated_at: at };
}

describe("prepare and effects", () => {
  let db: Db;
  let engine: FlowEngine<Data, Services, Name>;
  const probe = new Probe();
  const services = (handle: Kysely<Database>): Services => ({ db: handle, probe });
  const logged: string[] = [];

  beforeAll(async () => {
    db = openDatabase({ family: "sqlite", path: ":memory:" });
    await migrateUp(db);
    engine = new FlowEngine(toyFlow, {
      db,
      locker: inMemoryLocker(),
      log: createLogger((line) => logged.push(line)),
      clock: new ManualClock(new Date()),
    });
  });
  afterAll(() => db.close());

  beforeEach(() => {
    probe.gate = Promise.resolve();
    probe.events = [];
    probe.failEffect = false;
    probe.failStep = false;
  });

  const start = async () => (await engine.create(services)).body as { csrf_token: string; actions: Record<string, { href: string }> };
  const run = (flow: Awaited<ReturnType<typeof start>>, action: string, input: Record<string, unknown> = {}): Promise<FlowResponse> => {
    const href = decodeURIComponent(flow.actions[action]!.href);
    return engine.execute(href.split("action=")[1]!, { input_data: input, csrf_token: flow.csrf_token }, services);
  };
  const passcodes = async () => (await db.kysely.selectFrom("passcodes").select("id").execute()).map((row) => row.id);

  test("prepare runs before the transaction: another flow's step goes through while it waits", async () => {
    const slowFlow = await start();
    let open = () => {};
    probe.gate = new Promise((resolve) => (open = resolve));
    const slow = run(slowFlow, SLOW, { word: "hello" });
    while (!probe.events.includes("prepare hello")) await Bun.sleep(1);
    // A whole flow creation, a transaction on SQLite's only connection, while prepare still waits.
    const other = await Promise.race([start().then(() => "created"), Bun.sleep(2_000).then(() => "blocked")]);
    expect(other).toBe("created");
    open();
    const done = await slow;
    expect(done.body).toMatchObject({ name: "done", status: 200 });
  });

  test("prepare does not run for invalid inputs; the step reports them", async () => {
    const flow = await start();
    const answer = await run(flow, SLOW, {});
    expect(answer.body).toMatchObject({ name: "start", status: 400, error: { code: "form_data_invalid_error" } });
    expect(probe.events).toEqual([]);
  });

  test("effects run after the commit, in order", async () => {
    const answer = await run(await start(), DELIVER);
    expect(answer.body).toMatchObject({ name: "done", status: 200 });
    expect(probe.events).toEqual(["first effect", "second effect", "third effect"]);
    expect(await passcodes()).toContain("undone");
    await db.kysely.deleteFrom("passcodes").execute();
  });

  test("a failed effect takes back its writes, stops the ones after it, and answers its error on the committed state", async () => {
    probe.failEffect = true;
    const answer = await run(await start(), DELIVER);
    expect(answer.body).toMatchObject({ name: "done", status: 503, error: { code: "technical_error", message: "not sent" } });
    expect(probe.events).toEqual(["first effect", "undo"]);
    expect(await passcodes()).toEqual([]);
    expect(logged.some((line) => line.includes("the mail server said no"))).toBe(true);
  });

  test("a step that rolls back does none of its effects", async () => {
    probe.failStep = true;
    const flow = await start();
    const answer = await run(flow, DELIVER);
    expect(answer.body).toMatchObject({ name: "error", status: 500, error: { code: "technical_error" } });
    expect(probe.events).toEqual([]);
    expect(await passcodes()).toEqual([]);
  });

  test("the effects of a step refused with a 4xx still run, as its writes commit", async () => {
    const answer = await run(await start(), "refuse");
    expect(answer.body).toMatchObject({ name: "start", status: 400 });
    expect(probe.events).toEqual(["effect of a refused step"]);
  });
});

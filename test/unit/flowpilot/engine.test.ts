import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ToyClient, toyEngine } from "./toy-flow.ts";

let toy: Awaited<ReturnType<typeof toyEngine>>;
beforeAll(async () => {
  toy = await toyEngine();
});
afterAll(() => toy.close());

async function started(): Promise<ToyClient> {
  const client = new ToyClient(toy);
  await client.start();
  return client;
}

describe("the flow engine on a toy flow", () => {
  test("a new flow enters its first state, with the rest of the initial states pending", async () => {
    const client = await started();
    expect(client.body.name).toBe("start");
    expect((await client.stash()).scheduled).toEqual(["outside"]);
    expect(client.log).toEqual(["before start"]);
  });

  test("a continue runs the state's after hooks, then the next state's before hooks", async () => {
    const client = await started();
    await client.run("go");
    expect(client.body.name).toBe("inner_a");
    expect(client.log).toEqual(["before start", "after start", "before inner_a"]);
  });

  test("moving within a sub-flow runs no after-flow hook; leaving it does, and what that schedules comes before the pending states", async () => {
    const client = await started();
    await client.run("go");
    await client.run("next");
    expect(client.log).not.toContain("after-flow inner");
    await client.run("continue");
    expect(client.log.filter((entry) => entry === "after-flow inner")).toHaveLength(1);
    expect(client.body.name).toBe("side");
    await client.run("continue");
    expect(client.body.name).toBe("outside");
  });

  test("the states a step proceeds to are visited in order, before those pending", async () => {
    const client = await started();
    const visited = [(await client.run("plan")).name, (await client.run("continue")).name];
    await client.run("next");
    visited.push((await client.run("continue")).name);
    expect(visited).toEqual(["side", "inner_a", "outside"]);
  });

  test("back returns to the previous state with its stash as it was then", async () => {
    const client = await started();
    expect(client.actions()).not.toContain("back");
    await client.run("go");
    expect((await client.stash()).data.note).toBe("went");
    expect(client.actions()).toContain("back");
    await client.run("back");
    expect(client.body.name).toBe("start");
    expect((await client.stash()).data.note).toBeUndefined();
    expect((await client.stash()).scheduled).toEqual(["outside"]);
  });

  test("sticky data survives back; the rest of the step's changes do not", async () => {
    const client = await started();
    await client.run("go");
    await client.run("remember");
    await client.run("back");
    expect(client.body.name).toBe("inner_a");
    const { data } = await client.stash();
    expect(data.sticky).toEqual({ kept: "yes" });
    expect(data.note).toBe("went");
  });

  test("after a step that prevents reverting, back is neither offered nor allowed", async () => {
    const client = await started();
    await client.run("go");
    await client.run("next");
    await client.run("leave_for_good");
    expect(client.body.name).toBe("side");
    expect(client.actions()).toEqual(["continue"]);
    await client.run("back");
    expect(client.status).toBe(403);
    expect(client.body.error?.code).toBe("operation_not_permitted_error");
  });

  test("a 4xx keeps the state and enters it again, without the action's stash changes", async () => {
    const client = await started();
    await client.run("break_form");
    expect(client.status).toBe(400);
    expect(client.body.name).toBe("start");
    expect(client.body.error?.code).toBe("form_data_invalid_error");
    expect((await client.stash()).data.note).toBeUndefined();
    expect(client.log).toEqual(["before start", "before start"]);
  });

  test("a 5xx ends the flow in its error state, without the action's stash changes", async () => {
    const client = await started();
    await client.run("break_server");
    expect(client.status).toBe(500);
    expect(client.body.name).toBe("error");
    const stash = await client.stash();
    expect(stash.state).toBe("error");
    expect(stash.data.note).toBeUndefined();
  });

  test("a suspended action is not offered, and calling it is refused with a 403", async () => {
    const client = await started();
    expect(client.actions()).not.toContain("hidden");
    await client.run("hidden");
    expect(client.status).toBe(403);
    expect(client.body.error?.code).toBe("operation_not_permitted_error");
    expect((await client.stash()).state).toBe("start");
  });

  test("an action the state does not have is refused with a 403", async () => {
    const client = await started();
    await client.run("next");
    expect(client.status).toBe(403);
    await client.run("no_such_action");
    expect(client.status).toBe(403);
    expect((await client.stash()).state).toBe("start");
    await client.run("go");
    expect(client.body.name).toBe("inner_a");
  });

  test("an action proceeding to a state it does not declare is a technical error, and the flow stays where it was", async () => {
    const client = await started();
    await client.run("stray");
    expect(client.status).toBe(500);
    expect(client.body.error?.code).toBe("technical_error");
    expect((await client.stash()).state).toBe("start");
    expect(toy.logLines.at(-1)).toContain("action stray of start moved to outside, which it does not declare");
  });

  test("an action scheduling a state it does not declare is a technical error too", async () => {
    const client = await started();
    await client.run("stray_schedule");
    expect(client.body.error?.code).toBe("technical_error");
    expect(toy.logLines.at(-1)).toContain("action stray_schedule of start moved to side");
  });
});

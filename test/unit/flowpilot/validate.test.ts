import { describe, expect, test } from "bun:test";
import { type FlowDef, proceed, scheduling } from "../../../src/flowpilot/definition.ts";
import { FlowEngine } from "../../../src/flowpilot/engine.ts";
import { validateFlow } from "../../../src/flowpilot/validate.ts";
import { loginFlow } from "../../../src/flows/login.ts";
import { profileFlow } from "../../../src/flows/profile.ts";
import { registrationFlow } from "../../../src/flows/registration.ts";
import { toyEngine } from "./toy-flow.ts";

/** Typos the compiler lets through only because they are in the toy's own name type. */
type Name = "start" | "login_password" | "login_pasword" | "error";

function flow(changes: Partial<FlowDef<object, unknown, Name>> = {}): FlowDef<object, unknown, Name> {
  return {
    name: "broken",
    ttlMs: 1000,
    initial: ["start"],
    initialData: () => ({}),
    states: {
      start: { name: "start", actions: [] },
      login_password: { name: "login_password", actions: [] },
      error: { name: "error", actions: [] },
    },
    ...changes,
  };
}

describe("a flow's graph is checked before anyone walks it", () => {
  test.each([loginFlow, registrationFlow, profileFlow])("the $name flow is sound", (def) => {
    expect(() => validateFlow(def)).not.toThrow();
  });

  test("an action that may move to a state the flow lacks is refused, naming the state", () => {
    const broken = flow({
      states: {
        ...flow().states,
        start: {
          name: "start",
          actions: [{ name: "go", description: "", targets: ["login_pasword"], execute: async () => proceed(["login_pasword"]) }],
        },
      },
    });
    expect(() => validateFlow(broken)).toThrow(
      "flow broken is broken: action go of start may move to login_pasword, which is no state of the flow",
    );
  });

  test("a hook that may schedule a state the flow lacks is refused", () => {
    const broken = flow({ beforeState: { start: [scheduling(["login_pasword"], () => {})] } });
    expect(() => validateFlow(broken)).toThrow("a before hook of start may move to login_pasword");
  });

  test("a state filed under another name is refused", () => {
    const broken = flow({ states: { ...flow().states, login_pasword: { name: "login_password", actions: [] } } });
    expect(() => validateFlow(broken)).toThrow("state login_password is filed as login_pasword");
  });

  test("a state defined twice, in a sub-flow and in the flow, is refused", () => {
    const broken = flow({ subflows: [{ name: "twice", states: { start: { name: "start", actions: [] } } }] });
    expect(() => validateFlow(broken)).toThrow("state start is defined twice");
  });

  test("an initial state the flow lacks, or no error state, is refused", () => {
    expect(() => validateFlow(flow({ initial: ["login_pasword"] }))).toThrow("initial state login_pasword is no state of the flow");
    expect(() => validateFlow(flow({ initial: [] }))).toThrow("it has no initial state");
    const { error: _error, ...withoutError } = flow().states;
    expect(() => validateFlow(flow({ states: withoutError }))).toThrow("it has no error state");
  });

  test("hooks added to a state the flow lacks are refused", () => {
    expect(() => validateFlow(flow({ afterState: { login_pasword: [() => {}] } }))).toThrow(
      "after hooks are added to login_pasword, which is no state of the flow",
    );
  });

  test("an engine is not built on a broken flow", async () => {
    const { deps, close } = await toyEngine();
    try {
      expect(() => new FlowEngine(flow({ initial: ["login_pasword"] }), deps)).toThrow("login_pasword");
    } finally {
      await close();
    }
  });
});

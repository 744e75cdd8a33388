import { proceed } from "../../flowpilot/definition.ts";
import type { Action } from "../../flowkit/flow-services.ts";

/** `remember_me`: with `session.cookie.retention: prompt` the user chooses a persistent cookie. */
export const rememberMe: Action = {
  name: "remember_me",
  description: "Enables the user to stay signed in.",
  inputs: () => [{ name: "remember_me", type: "boolean", required: true }],
  suspended: (ctx) => ctx.services.config.session.cookie.retention !== "prompt",
  async execute(ctx) {
    ctx.data.remember_me_selected = ctx.input.remember_me === true;
    return proceed([ctx.state]);
  },
};

import { proceed } from "../flowpilot/definition.ts";
import type { Action, FlowState } from "../flowkit/flow-services.ts";

/** `register_client_capabilities`: the SDK reports what the browser can do, before anything else. */
const registerClientCapabilities: Action = {
  name: "register_client_capabilities",
  description: "Send the computers capabilities.",
  inputs: () => [
    { name: "webauthn_available", type: "boolean", required: true, hidden: true },
    { name: "webauthn_conditional_mediation_available", type: "boolean", hidden: true },
    { name: "webauthn_platform_authenticator_available", type: "boolean", hidden: true },
  ],
  async execute(ctx) {
    ctx.data.webauthn_available = ctx.input.webauthn_available === true;
    ctx.data.webauthn_conditional_mediation_available = ctx.input.webauthn_conditional_mediation_available === true;
    ctx.data.webauthn_platform_authenticator_available = ctx.input.webauthn_platform_authenticator_available === true;
    return proceed();
  },
};

export const preflightState: FlowState = {
  name: "preflight",
  actions: [registerClientCapabilities],
};

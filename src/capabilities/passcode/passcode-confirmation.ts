import { type ActionDef, fail, proceed, type StateDef } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import type { FlowData } from "../../flows/flow-data.ts";
import type { FlowServices } from "../../flows/flow-services.ts";
import { backAction } from "../back.ts";
import { passcodeAllowed, sendNewPasscode, sendPasscodeOnEntry } from "./send-passcode.ts";

type Action = ActionDef<FlowData, FlowServices>;

const verifyPasscode: Action = {
  name: "verify_passcode",
  description: "Enter a passcode.",
  inputs: () => [{ name: "code", type: "string", required: true }],
  async execute(ctx) {
    const id = ctx.data.sticky?.passcode_id;
    if (!id) throw new Error("verify_passcode without a passcode in the stash");
    const code = typeof ctx.input.code === "string" ? ctx.input.code : "";
    const result = await ctx.services.passcodes.verify(ctx.services.tx, id, code);
    if (result === "max_attempts_reached") return fail(FlowErrors.passcodeMaxAttemptsReached);
    if (result === "invalid") return fail(FlowErrors.formDataInvalid, { code: InputErrors.passcodeInvalid });
    // A right code for an address without an account (or one taken at registration) opens nothing.
    if (!ctx.data.user_id) return fail(FlowErrors.operationNotPermitted);
    ctx.data.email_verified = true;
    ctx.data.user_has_emails = true;
    if (ctx.flowName === "registration") ctx.data.amr = [...(ctx.data.amr ?? []), "otp"];
    return proceed([], { preventRevert: true });
  },
};

const resendPasscode: Action = {
  name: "resend_passcode",
  description: "Send the passcode email again.",
  async execute(ctx) {
    if (!(await passcodeAllowed(ctx))) return fail(FlowErrors.rateLimitExceeded);
    await sendNewPasscode(ctx);
    return proceed([ctx.state]);
  },
};

export const passcodeConfirmationState: StateDef<FlowData, FlowServices> = {
  name: "passcode_confirmation",
  subflow: "credential_usage",
  actions: [verifyPasscode, resendPasscode, backAction()],
  before: [sendPasscodeOnEntry],
};

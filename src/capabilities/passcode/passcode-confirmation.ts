import { fail, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import { forgetPasscode } from "../../flowkit/flow-data.ts";
import type { Action, FlowState } from "../../flowkit/flow-services.ts";
import { backAction } from "../back.ts";
import { boundPasscodeId, codeless, passcodeAllowed, passcodeBinding, sendNewPasscode, sendPasscodeOnEntry } from "./send-passcode.ts";

/** Hanko's texts for a passcode that opens nothing, as its audit log records them. */
const PASSCODE_ERRORS = {
  invalid: "passcode invalid",
  not_found: "passcode not found",
  expired: "passcode is expired",
  max_attempts_reached: "the passcode was entered wrong too many times",
} as const;

/** Hanko's actor for a failure at an address without an account: the nil UUID, not no actor. */
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

const verifyPasscode: Action = {
  name: "verify_passcode",
  description: "Enter a passcode.",
  inputs: () => [{ name: "code", type: "string", required: true }],
  async execute(ctx) {
    // No passcode was sent for what the flow now asks about (a refused send, say): nothing can match.
    const id = boundPasscodeId(ctx);
    const code = typeof ctx.input.code === "string" ? ctx.input.code : "";
    const result = id
      ? await ctx.services.passcodes.verify(ctx.services.tx, id, code, passcodeBinding(ctx), ctx.keepOnRollback)
      : "not_found";
    if (result !== "ok") {
      // Only a sign-in records the failure (login_method is set by login actions alone), and always as a
      // passcode login, also when the passcode verifies an address after a password or passkey.
      if (ctx.data.login_method !== undefined) {
        await ctx.services.events.emit({
          audit: "login_failure",
          userId: ctx.data.user_id ?? NIL_UUID,
          details: { flow_id: ctx.flowId, login_method: "passcode" },
          error: PASSCODE_ERRORS[result],
        });
      }
      if (result === "max_attempts_reached") return fail(FlowErrors.passcodeMaxAttemptsReached);
      return fail(FlowErrors.formDataInvalid, { code: InputErrors.passcodeInvalid });
    }
    forgetPasscode(ctx.data);
    // A right code for an address without an account (or one taken at registration) opens nothing.
    if (!ctx.data.user_id || codeless(ctx.data.passcode_template!)) return fail(FlowErrors.operationNotPermitted);
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

export const passcodeConfirmationState: FlowState = {
  name: "passcode_confirmation",
  actions: [verifyPasscode, resendPasscode, backAction()],
  before: [sendPasscodeOnEntry],
};

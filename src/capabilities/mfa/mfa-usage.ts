import { fail, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import type { Action, Ctx, FlowState } from "../../flowkit/flow-services.ts";
import type { StateName } from "../../flowkit/state-names.ts";
import { verifyTotp } from "../../services/otp/totp.ts";
import { otpRateLimitKey } from "../../services/rate-limit/keys.ts";
import { otpSecretStore } from "../../store/otp-secrets.ts";

/** Whether the browser can use a security key as configured (Hanko's `security_key_attachment_supported`). */
const attachmentSupported = (ctx: Ctx) =>
  ctx.data.webauthn_platform_authenticator_available === true ||
  ctx.services.config.mfa.security_keys.authenticator_attachment !== "platform";

/** Every state `mfaUsageStates` may ask for. */
export const MFA_USAGE_STATES = ["login_security_key", "login_otp"] as const satisfies readonly StateName[];

/**
 * The second-factor state a sign-in needs (`determineMFAUsageStates` in Hanko's backend/flow_api/flow/login/hook_schedule_onboarding_states.go), if any: a user with a security key or an
 * authenticator app confirms with it, unless they signed in with a passkey (which is already two factors).
 */
export function mfaUsageStates(ctx: Ctx): (typeof MFA_USAGE_STATES)[number][] {
  const { mfa } = ctx.services.config;
  if (!mfa.enabled || ctx.data.login_method === "passkey") return [];
  if (ctx.data.user_has_security_key && mfa.security_keys.enabled) {
    if (ctx.data.webauthn_available && attachmentSupported(ctx)) return ["login_security_key"];
    if (mfa.totp.enabled && ctx.data.user_has_otp_secret) return ["login_otp"];
    return [];
  }
  return mfa.totp.enabled && ctx.data.user_has_otp_secret ? ["login_otp"] : [];
}

const otpCodeValidate: Action = {
  name: "otp_code_validate",
  description: "Validates the provided code.",
  inputs: () => [{ name: "otp_code", type: "string", required: true }],
  async execute(ctx) {
    const userId = ctx.data.user_id;
    if (!userId) throw new Error("otp_code_validate without a user");
    const { rateLimiter, request, tx, now } = ctx.services;
    const taken = await rateLimiter.take("otp", otpRateLimitKey(request.ip, userId));
    if (!taken.allowed) {
      ctx.payload.retry_after = taken.retryAfterSeconds;
      return fail(FlowErrors.rateLimitExceeded);
    }
    const secret = await otpSecretStore(tx).secretOf(userId);
    // Hanko 2.7 reports a wrong code as passcode_invalid, which its elements translate. It writes no
    // audit entry for it: a wrong second factor is not a `login_failure` there.
    if (!secret || !verifyTotp(secret, String(ctx.input.otp_code ?? ""), now()))
      return fail(FlowErrors.formDataInvalid, { otp_code: InputErrors.passcodeInvalid });
    ctx.data.mfa_method = "totp";
    return proceed([], { preventRevert: true });
  },
};

const continueToLoginSecurityKey: Action = {
  name: "continue_to_login_security_key",
  description: "Continues the flow to the security key login.",
  suspended: (ctx) => !ctx.services.config.mfa.security_keys.enabled || !ctx.data.user_has_webauthn_credential || !attachmentSupported(ctx),
  targets: ["login_security_key"],
  execute: async () => proceed(["login_security_key"]),
};

const securityKeyRequestOptions: Action = {
  name: "webauthn_generate_request_options",
  description: "Get webauthn request options in order to sign in with a webauthn credential.",
  suspended: (ctx) => !ctx.data.webauthn_available,
  targets: ["login_passkey"],
  async execute(ctx) {
    const { sessionDataId, options } = await ctx.services.webauthn.securityKeyRequestOptions(ctx.services.tx, ctx.data.user_id!);
    ctx.data.webauthn_session_data_id = sessionDataId;
    ctx.data.mfa_method = "security_key";
    ctx.payload.request_options = options;
    return proceed(["login_passkey"]);
  },
};

const continueToLoginOtp: Action = {
  name: "continue_to_login_otp",
  description: "Continues the flow to the OTP login.",
  suspended: (ctx) => !ctx.services.config.mfa.totp.enabled || !ctx.data.user_has_otp_secret,
  targets: ["login_otp"],
  execute: async () => proceed(["login_otp"]),
};

export const loginOtpState: FlowState = {
  name: "login_otp",
  actions: [otpCodeValidate, continueToLoginSecurityKey],
};

export const loginSecurityKeyState: FlowState = {
  name: "login_security_key",
  actions: [securityKeyRequestOptions, continueToLoginOtp],
};

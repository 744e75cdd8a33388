import { fail, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import type { Action, Ctx, FlowState } from "../../flowkit/flow-services.ts";
import { flowClock } from "../../flowkit/flow-clock.ts";
import { newTotpSecret, qrCodeDataUrl, verifyTotp } from "../../services/otp/totp.ts";
import { otpSecretStore } from "../../store/otp-secrets.ts";
import { webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import { backAction } from "../back.ts";
import { notifyAfterCommit, primaryAddress } from "../security-notifications.ts";
import { facts } from "./session-user.ts";

const mfaRequired = (ctx: Ctx) => ctx.services.config.mfa.enabled && !ctx.services.config.mfa.optional;

const continueToOtpSecretCreation: Action = {
  name: "continue_to_otp_secret_creation",
  description: "Create an OTP secret",
  // As in Hanko this looks at mfa.totp only, not at mfa.enabled.
  suspended: (ctx) => !ctx.services.config.mfa.totp.enabled || facts(ctx).hasOtpSecret,
  targets: ["mfa_otp_secret_creation", "profile_init"],
  async execute(ctx) {
    const f = facts(ctx);
    ctx.data.email = f.emails.find((e) => e.primary)?.address;
    ctx.data.username = f.username ?? undefined;
    delete ctx.data.otp_secret;
    return proceed(["mfa_otp_secret_creation", "profile_init"]);
  },
};

/** Before-state hook: a new secret and its QR code; re-entering after a wrong code shows the same one. */
async function otpSecretForSetup(ctx: Ctx): Promise<void> {
  if (!ctx.data.otp_secret || !ctx.data.otp_image_source) {
    const account = ctx.data.email ?? ctx.data.username;
    if (!account) throw new Error("an OTP secret needs the user's email or username for the authenticator app");
    const { secret, uri } = newTotpSecret(ctx.services.config.service.name, account);
    ctx.data.otp_secret = secret;
    ctx.data.otp_image_source = await qrCodeDataUrl(uri);
  }
  ctx.payload.otp_secret = ctx.data.otp_secret;
  ctx.payload.otp_image_source = ctx.data.otp_image_source;
}

const otpCodeVerify: Action = {
  name: "otp_code_verify",
  description: "Verify an OTP code",
  inputs: () => [{ name: "otp_code", type: "string", required: true }],
  suspended: (ctx) => !ctx.services.config.mfa.totp.enabled,
  validate: false,
  async execute(ctx) {
    const secret = ctx.data.otp_secret;
    if (!secret) throw new Error("otp_code_verify without a secret in the stash");
    // Hanko 2.7 reports a wrong TOTP code as passcode_invalid, the code its elements translate.
    if (!verifyTotp(secret, String(ctx.input.otp_code ?? ""), ctx.services.now()))
      return fail(FlowErrors.formDataInvalid, { otp_code: InputErrors.passcodeInvalid });
    const userId = ctx.data.user_id!;
    const secretId = await otpSecretStore(ctx.services.tx, flowClock(ctx)).set(userId, secret);
    // Hanko's backend/flow_api/flow/mfa_creation/action_otp_code_verify.go tells only the profile's user.
    notifyAfterCommit(ctx, primaryAddress(ctx), { template: "mfa_create" });
    await ctx.services.events.emit({ audit: "otp_created", userId, details: { flow_id: ctx.flowId, otp_secret: secretId } });
    delete ctx.data.otp_secret;
    delete ctx.data.otp_image_source;
    return proceed([], { preventRevert: true });
  },
};

const otpSecretDelete: Action = {
  name: "otp_secret_delete",
  description: "Delete an OTP secret",
  suspended: (ctx) => !facts(ctx).hasOtpSecret || (mfaRequired(ctx) && facts(ctx).securityKeyIds.length === 0),
  targets: ["profile_init"],
  async execute(ctx) {
    // Hanko's backend/flow_api/flow/profile/action_otp_secret_delete.go; nothing to tell when another tab was first.
    if (await otpSecretStore(ctx.services.tx).delete(ctx.data.user_id!)) {
      notifyAfterCommit(ctx, primaryAddress(ctx), { template: "mfa_delete" });
    }
    return proceed(["profile_init"]);
  },
};

const securityKeyCreate: Action = {
  name: "security_key_create",
  description: "Get WebAuthn creation options to register a WebAuthn credential.",
  suspended: (ctx) => {
    const { mfa } = ctx.services.config;
    return (
      !mfa.enabled ||
      !mfa.security_keys.enabled ||
      !ctx.data.webauthn_available ||
      facts(ctx).securityKeyIds.length >= mfa.security_keys.limit
    );
  },
  targets: ["webauthn_credential_verification", "profile_init"],
  async execute(ctx) {
    const f = facts(ctx);
    const email = f.emails.find((e) => e.primary)?.address ?? null;
    if (!email && !f.username) throw new Error("a security key needs the user's email or username");
    const { sessionDataId, options } = await ctx.services.webauthn.creationOptions(
      ctx.services.tx,
      { id: ctx.data.user_id!, email, username: f.username },
      true,
      "security_key",
    );
    ctx.data.webauthn_session_data_id = sessionDataId;
    ctx.data.create_mfa_only_credential = true;
    ctx.payload.creation_options = options;
    return proceed(["webauthn_credential_verification", "profile_init"]);
  },
};

const securityKeyDelete: Action = {
  name: "security_key_delete",
  description: "Delete a security key",
  inputs: () => [{ name: "security_key_id", type: "string", required: true, hidden: true }],
  suspended: (ctx) => {
    const { mfa } = ctx.services.config;
    const f = facts(ctx);
    return (
      !mfa.enabled ||
      !mfa.security_keys.enabled ||
      f.securityKeyIds.length === 0 ||
      (mfaRequired(ctx) && !f.hasOtpSecret && f.securityKeyIds.length === 1)
    );
  },
  targets: ["profile_init"],
  async execute(ctx) {
    const id = String(ctx.input.security_key_id ?? "");
    // Hanko accepts any of the user's WebAuthn credentials here.
    if (!facts(ctx).credentialIds.includes(id)) return fail(FlowErrors.notFound);
    // Hanko's backend/flow_api/flow/profile/action_security_key_delete.go; nothing to tell when another tab was first.
    if (await webauthnCredentialStore(ctx.services.tx).delete(ctx.data.user_id!, id)) {
      notifyAfterCommit(ctx, primaryAddress(ctx), { template: "mfa_delete" });
    }
    return proceed(["profile_init"]);
  },
};

export const mfaActions: Action[] = [continueToOtpSecretCreation, otpSecretDelete, securityKeyCreate, securityKeyDelete];

export const otpSecretCreationState: FlowState = {
  name: "mfa_otp_secret_creation",
  actions: [otpCodeVerify, backAction()],
  before: [otpSecretForSetup],
};

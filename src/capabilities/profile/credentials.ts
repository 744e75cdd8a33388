import { characterCount, VARCHAR_WIDTH } from "../../db/column-width.ts";
import { fail, type Outcome, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import type { Action, Ctx, FlowState } from "../../flowkit/flow-services.ts";
import type { StateName } from "../../flowkit/state-names.ts";
import { flowClock } from "../../flowkit/flow-clock.ts";
import { flowUsers } from "../../flowkit/flow-users.ts";
import { MAX_PASSWORD_BYTES } from "../../services/password/password-hasher.ts";
import { webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import { backAction } from "../back.ts";
import { notifyAfterCommit, primaryAddress } from "../security-notifications.ts";
import { savePendingCredentials, webauthnVerifyAttestationResponse } from "../passkey/passkey-onboarding.ts";
import { facts, lockAndRefresh, signInMethods } from "./session-user.ts";

const passwordInput = (ctx: Ctx) => [
  {
    name: "password",
    type: "string" as const,
    required: true,
    minLength: ctx.services.config.password.min_length,
    maxLength: MAX_PASSWORD_BYTES,
  },
];

/** Hashed before the step's transaction, which then only stores it. */
const hashPassword = async (ctx: Ctx) => await ctx.services.passwords.hash(String(ctx.input.password ?? ""));

/** The first password (`create`) or a new one (`replace`), by the user service's rules. */
async function setPassword(ctx: Ctx, hash: string, kind: "create" | "replace", audit: { webhook?: string }): Promise<Outcome<StateName>> {
  const userId = ctx.data.user_id!;
  const users = flowUsers(ctx);
  const set = kind === "create" ? await users.createPassword(userId, hash) : await users.replacePassword(userId, hash);
  if (!set.ok) return fail(FlowErrors.operationNotPermitted);
  // Hanko tells of a changed password (backend/flow_api/flow/profile/action_password_update.go), not of a first one.
  if (kind === "replace") notifyAfterCommit(ctx, primaryAddress(ctx), { template: "password_update" });
  await ctx.services.events.emit({ ...audit, audit: "password_changed", userId, details: { context: "profile", flow_id: ctx.flowId } });
  return proceed(["profile_init"]);
}

const passwordCreate: Action<string> = {
  name: "password_create",
  description: "Create a new password.",
  inputs: passwordInput,
  suspended: (ctx) => !ctx.services.config.password.enabled || facts(ctx).hasPassword,
  targets: ["profile_init"],
  prepare: hashPassword,
  execute: (ctx, hash) => setPassword(ctx, hash, "create", {}),
};

const passwordUpdate: Action<string> = {
  name: "password_update",
  description: "Update an existing password.",
  inputs: passwordInput,
  suspended: (ctx) => !ctx.services.config.password.enabled || !facts(ctx).hasPassword,
  targets: ["profile_init"],
  prepare: hashPassword,
  execute: (ctx, hash) => setPassword(ctx, hash, "replace", { webhook: "user.update.password.update" }),
};

/** Another way in besides the password: a passkey, or passcodes to an address. */
const keepsAnotherMethod = (ctx: Ctx) => {
  const methods = signInMethods(ctx);
  return methods.passkey || methods.passcode;
};

const passwordDelete: Action = {
  name: "password_delete",
  description: "Delete a password.",
  suspended: (ctx) =>
    !ctx.services.config.password.enabled || !facts(ctx).hasPassword || !ctx.services.config.password.optional || !keepsAnotherMethod(ctx),
  targets: ["profile_init"],
  async execute(ctx) {
    await lockAndRefresh(ctx);
    if (!keepsAnotherMethod(ctx)) return fail(FlowErrors.operationNotPermitted);
    if (!(await flowUsers(ctx).deletePassword(ctx.data.user_id!)).ok) return fail(FlowErrors.operationNotPermitted);
    await ctx.services.events.emit({ audit: "password_deleted", userId: ctx.data.user_id!, details: { flow_id: ctx.flowId } });
    return proceed(["profile_init"]);
  },
};

const webauthnCredentialCreate: Action = {
  name: "webauthn_credential_create",
  description: "Create a Webauthn credential for the current session user.",
  suspended: (ctx) =>
    !ctx.services.config.passkey.enabled ||
    !ctx.data.webauthn_available ||
    facts(ctx).credentialIds.length >= ctx.services.config.passkey.limit,
  targets: ["webauthn_credential_verification", "profile_init"],
  async execute(ctx) {
    const userId = ctx.data.user_id!;
    const primary = facts(ctx).emails.find((e) => e.primary);
    const { sessionDataId, options } = await ctx.services.webauthn.creationOptions(
      ctx.services.tx,
      { id: userId, email: primary?.address ?? null, username: facts(ctx).username },
      true,
    );
    ctx.data.webauthn_session_data_id = sessionDataId;
    ctx.data.create_mfa_only_credential = false;
    ctx.payload.creation_options = options;
    return proceed(["webauthn_credential_verification", "profile_init"]);
  },
};

const webauthnCredentialRename: Action = {
  name: "webauthn_credential_rename",
  description: "Rename a Webauthn credential.",
  inputs: () => [
    { name: "passkey_id", type: "string", required: true, hidden: true },
    { name: "passkey_name", type: "string", required: true },
  ],
  suspended: (ctx) => !ctx.services.config.passkey.enabled || facts(ctx).credentialIds.length === 0,
  targets: ["profile_init"],
  async execute(ctx) {
    const id = String(ctx.input.passkey_id ?? "");
    if (!facts(ctx).credentialIds.includes(id)) return fail(FlowErrors.notFound);
    const name = String(ctx.input.passkey_name ?? "");
    // Hanko declares no maximum and fails on its 255-character column with a 500.
    if (characterCount(name) > VARCHAR_WIDTH) return fail(FlowErrors.formDataInvalid, { passkey_name: InputErrors.valueTooLong });
    await webauthnCredentialStore(ctx.services.tx, flowClock(ctx)).rename(id, name);
    return proceed(["profile_init"]);
  },
};

/** Deleting the last passkey needs passkeys to be optional and another way in. */
function passkeyDeletable(ctx: Ctx): boolean {
  const f = facts(ctx);
  if (f.passkeyIds.length !== 1) return true;
  const methods = signInMethods(ctx);
  return ctx.services.config.passkey.optional && (methods.password || methods.passcode);
}

const webauthnCredentialDelete: Action = {
  name: "webauthn_credential_delete",
  description: "Delete a Webauthn credential.",
  inputs: () => [{ name: "passkey_id", type: "string", required: true, hidden: true }],
  suspended: (ctx) => !ctx.services.config.passkey.enabled || facts(ctx).passkeyIds.length === 0 || !passkeyDeletable(ctx),
  targets: ["profile_init"],
  async execute(ctx) {
    const id = String(ctx.input.passkey_id ?? "");
    await lockAndRefresh(ctx);
    if (!facts(ctx).passkeyIds.includes(id)) return fail(FlowErrors.notFound);
    if (!passkeyDeletable(ctx)) return fail(FlowErrors.operationNotPermitted);
    await webauthnCredentialStore(ctx.services.tx).delete(ctx.data.user_id!, id);
    await ctx.services.events.emit({
      audit: "passkey_deleted",
      userId: ctx.data.user_id!,
      details: { credential_id: id, flow_id: ctx.flowId },
    });
    return proceed(["profile_init"]);
  },
};

export const credentialActions: Action[] = [
  passwordCreate,
  passwordDelete,
  passwordUpdate,
  webauthnCredentialCreate,
  webauthnCredentialRename,
  webauthnCredentialDelete,
];

/** The SDK creates the passkey here and sends the attestation; the credential is written on leaving. */
export const webauthnCredentialVerificationState: FlowState = {
  name: "webauthn_credential_verification",
  actions: [webauthnVerifyAttestationResponse, backAction()],
  after: [savePendingCredentials],
};

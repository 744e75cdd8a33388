import { fail, type Outcome, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import { flowClock } from "../../flowkit/flow-clock.ts";
import type { Action, Ctx, FlowState } from "../../flowkit/flow-services.ts";
import type { StateName } from "../../flowkit/state-names.ts";
import { MAX_PASSWORD_BYTES } from "../../services/password/password-hasher.ts";
import { passwordIpRateLimitKey, passwordRateLimitKey } from "../../services/rate-limit/keys.ts";
import { passwordStore } from "../../store/passwords.ts";
import { backAction } from "../back.ts";
import { acquisitions, canLoginWithEmail } from "../credential-onboarding.ts";

/** Hanko counts the minimum in characters (runes) and the maximum in bytes, bcrypt's limit. */
function newPasswordProblem(password: string, minLength: number) {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return InputErrors.valueTooLong;
  if ([...password].length < minLength) return InputErrors.valueInvalid;
  return undefined;
}

/** What `password_login` found before its transaction: a refusal, or the verdict on the stored hash it read. */
type PasswordCheck = { refusedFor: number } | { ok: boolean; checked: string | undefined; rehashed: string | undefined };

const passwordLogin: Action<PasswordCheck> = {
  name: "password_login",
  description: "Login with a password.",
  inputs: () => [{ name: "password", type: "password", required: true }],
  suspended: (ctx) => !ctx.services.config.password.enabled,
  async prepare(ctx) {
    const { rateLimiter, request } = ctx.services;
    // One check at a time per client address, a few more waiting, so a flood from one address cannot
    // stack up hashes that everyone else's sign-ins wait behind; refusing costs nothing, and no token.
    const release = await rateLimiter.claim(passwordIpRateLimitKey(request.ip));
    if (!release) return { refusedFor: 1 };
    try {
      let taken = await rateLimiter.take("password", passwordRateLimitKey(request.ip, ctx.data.email ?? ctx.data.username ?? ""));
      // Every check, known identifier or not, so that a refusal does not tell which accounts exist.
      if (taken.allowed) taken = await rateLimiter.take("password_ip", passwordIpRateLimitKey(request.ip));
      if (!taken.allowed) return { refusedFor: taken.retryAfterSeconds };
      return await verifyPassword(ctx, String(ctx.input.password ?? ""));
    } finally {
      release();
    }
  },
  async execute(ctx, check) {
    if ("refusedFor" in check) {
      ctx.payload.retry_after = check.refusedFor;
      return fail(FlowErrors.rateLimitExceeded);
    }
    return await signInWithPassword(ctx, check);
  },
};

async function verifyPassword(ctx: Ctx, password: string): Promise<PasswordCheck> {
  const { passwords, tx } = ctx.services;
  const userId = ctx.data.user_id;
  const stored = userId ? await passwordStore(tx).hashOf(userId) : undefined;
  // An unknown identifier costs as much as a wrong password, so timing does not reveal accounts.
  if (!stored) return { ok: await passwords.verifyNobody(password), checked: undefined, rehashed: undefined };
  const check = await passwords.verify(password, stored);
  // Old bcrypt (or weaker argon2id) hashes become current ones, stored with the sign-in.
  return { ok: check.ok, checked: stored, rehashed: check.ok && check.needsRehash ? await passwords.hash(password) : undefined };
}

/** The verdict counts only for the hash it was reached on: a password changed meanwhile is not proved. */
async function signInWithPassword(
  ctx: Ctx,
  check: { ok: boolean; checked: string | undefined; rehashed: string | undefined },
): Promise<Outcome<StateName>> {
  const { tx } = ctx.services;
  const userId = ctx.data.user_id;
  const stored = userId ? await passwordStore(tx).hashOf(userId) : undefined;
  if (!check.ok || !userId || stored === undefined || stored !== check.checked) {
    // Hanko records a failure only for a known address or username; its actor is that account.
    if (userId) {
      await ctx.services.events.emit({
        audit: "login_failure",
        userId,
        details: { flow_id: ctx.flowId, login_method: "password" },
        error: "password invalid",
      });
    }
    return fail(FlowErrors.formDataInvalid, { password: InputErrors.valueInvalid });
  }
  if (check.rehashed) await passwordStore(tx, flowClock(ctx)).set(userId, check.rehashed);
  ctx.data.login_method = "password";
  return proceed([], { preventRevert: true });
}

const continueToRecovery: Action = {
  name: "continue_to_passcode_confirmation_recovery",
  description: "Send a recovery passcode code via email.",
  suspended: (ctx) => !ctx.services.config.password.recovery || !ctx.data.email,
  targets: ["passcode_confirmation"],
  async execute(ctx) {
    ctx.data.login_method = "password";
    ctx.data.passcode_template = ctx.data.user_id ? "recovery" : "email_login_attempted";
    ctx.data.pw_recovery_pending = true;
    return proceed(["passcode_confirmation"]);
  },
};

const passwordRecovery: Action<string> = {
  name: "password_recovery",
  description: "Submit a new password.",
  inputs: (ctx) => [
    {
      name: "new_password",
      type: "password",
      required: true,
      minLength: ctx.services.config.password.min_length,
      maxLength: MAX_PASSWORD_BYTES,
    },
  ],
  suspended: (ctx) => !ctx.services.config.password.enabled,
  // Hashed before the step's transaction, which then only stores it.
  prepare: async (ctx) => await ctx.services.passwords.hash(String(ctx.input.new_password ?? "")),
  async execute(ctx, hash) {
    const userId = ctx.data.user_id;
    if (!userId) return fail(FlowErrors.operationNotPermitted);
    await passwordStore(ctx.services.tx, flowClock(ctx)).set(userId, hash);
    await ctx.services.events.emit({
      webhook: "user.update.password.update",
      audit: "password_changed",
      userId,
      details: { context: "recovery", flow_id: ctx.flowId },
    });
    ctx.data.user_has_password = true;
    ctx.data.pw_recovery_pending = false;
    return proceed([], { preventRevert: true });
  },
};

const registerPassword: Action<string | undefined> = {
  name: "register_password",
  description: "Submit a new password.",
  inputs: (ctx) => [
    {
      name: "new_password",
      type: "password",
      required: !ctx.services.config.password.optional,
      minLength: ctx.services.config.password.min_length,
    },
  ],
  async prepare(ctx) {
    const password = String(ctx.input.new_password ?? "");
    return newPasswordProblem(password, ctx.services.config.password.min_length) ? undefined : await ctx.services.passwords.hash(password);
  },
  async execute(ctx, hash) {
    const password = String(ctx.input.new_password ?? "");
    const problem = newPasswordProblem(password, ctx.services.config.password.min_length);
    if (problem || hash === undefined) return fail(FlowErrors.formDataInvalid, { new_password: problem ?? InputErrors.valueInvalid });
    ctx.data.new_password_hash = hash;
    ctx.data.user_has_password = true;
    if (ctx.flowName === "registration") ctx.data.amr = [...(ctx.data.amr ?? []), "pwd"];
    return proceed([], { preventRevert: true });
  },
};

/** `skip` of password creation: offered only when the user keeps another way in (Hanko's rules B). */
const skipPassword: Action = {
  name: "skip",
  description: "Skip",
  suspended: (ctx) =>
    !ctx.services.config.password.optional ||
    ctx.prevState === "credential_onboarding_chooser" ||
    (ctx.prevState === "onboarding_create_passkey" && !ctx.data.user_has_webauthn_credential && !canLoginWithEmail(ctx)) ||
    ((ctx.prevState === "passcode_confirmation" || ctx.prevState === "registration_init") &&
      acquisitions(ctx).passkey === "never" &&
      !canLoginWithEmail(ctx)),
  targets: ["onboarding_create_passkey"],
  async execute(ctx) {
    if (acquisitions(ctx).passkey === "conditional" && !ctx.data.user_has_webauthn_credential)
      return proceed(["onboarding_create_passkey"], { preventRevert: true });
    return proceed([], { preventRevert: true });
  },
};

/** After-state hook in the login flow: the user exists, so the new password is stored at once. */
export async function saveNewPassword(ctx: Ctx): Promise<void> {
  const userId = ctx.data.user_id;
  if (!userId || ctx.data.new_user || !ctx.data.new_password_hash) return;
  await passwordStore(ctx.services.tx, flowClock(ctx)).set(userId, ctx.data.new_password_hash);
  delete ctx.data.new_password_hash;
}

export const loginPasswordState: FlowState = {
  name: "login_password",
  actions: [passwordLogin, continueToRecovery, backAction()],
};

export const loginPasswordRecoveryState: FlowState = {
  name: "login_password_recovery",
  actions: [passwordRecovery],
};

export const passwordCreationState: FlowState = {
  name: "password_creation",
  actions: [registerPassword, skipPassword, backAction()],
};

import { flowClock } from "../../flowkit/flow-clock.ts";
import type { Ctx } from "../../flowkit/flow-services.ts";
import { flowUsers } from "../../flowkit/flow-users.ts";
import { FlowErrors, StepRefused } from "../../flowpilot/errors.ts";
import { loadProfile } from "../../profile/load-profile.ts";
import { profileDto } from "../../profile/profile-dto.ts";
import { claimsView } from "../../session/claims-view.ts";
import { passwordStore } from "../../store/passwords.ts";
import { writePendingCredentials } from "../passkey/passkey-onboarding.ts";

const LOGIN_AMR = { passcode: "otp", passkey: "passkey", password: "pwd" } as const;

/** Registration: nothing is written before `success`; now the user, their email, username and passkeys are, together. */
export async function createUser(ctx: Ctx): Promise<void> {
  const { user_id: id, email, username } = ctx.data;
  if (!id || !ctx.data.new_user) throw new Error("success of a registration without a new user");
  const created = await flowUsers(ctx).createUser({
    id,
    ...(email && { email: { address: email, verified: ctx.data.email_verified === true } }),
    ...(username && { username }),
  });
  // The identifier was free when it was entered; another sign-up may have taken it since.
  if (!created.ok) throw new StepRefused(created.refusal === "username_taken" ? FlowErrors.usernameTaken : FlowErrors.emailTaken);
  // Hanko's details name what was enrolled: the last passkey and security key, `password: true`, the
  // username; keys in the (sorted) order Go writes a map in.
  const { passkey, security_key: securityKey } = await writePendingCredentials(ctx, id);
  const password = ctx.data.new_password_hash !== undefined;
  if (ctx.data.new_password_hash) await passwordStore(ctx.services.tx, flowClock(ctx)).set(id, ctx.data.new_password_hash);
  delete ctx.data.new_password_hash;
  ctx.data.new_user = false;
  await ctx.services.events.emit({
    webhook: "user.create",
    audit: "user_created",
    userId: id,
    details: {
      flow_id: ctx.flowId,
      ...(passkey && { passkey }),
      ...(password && { password: true }),
      ...(securityKey && { security_key: securityKey }),
      ...(username && { username }),
    },
  });
}

/** Issues the session and fills the `success` payload: the user's profile, the token's claims and, on login, how they signed in. */
export async function issueSession(ctx: Ctx): Promise<void> {
  const userId = ctx.data.user_id;
  if (!userId) throw new Error("success without a user");
  const { tx, sessions, request, config, outcome } = ctx.services;
  const login = ctx.flowName === "login";
  const method = ctx.data.login_method;
  const mfa = ctx.data.mfa_method;
  const amr = login ? [...(method ? [LOGIN_AMR[method]] : []), ...(mfa ? [mfa] : [])] : (ctx.data.amr ?? []);
  const issued = await sessions.issueIn(tx, userId, {
    amr: amr.length > 0 ? amr : undefined,
    ipAddress: request.ip,
    userAgent: request.userAgent,
    events: { emitter: ctx.services.events, via: "flow" },
  });
  const profile = await loadProfile(tx, userId);
  if (!profile) throw new Error(`user ${userId} vanished before the session was issued`);
  ctx.payload.user = profileDto(profile, config);
  ctx.payload.claims = claimsView(issued.claims);
  if (login && method) ctx.payload.last_login = { login_method: method, ...(mfa && { mfa_method: mfa }) };
  if (login) {
    await ctx.services.events.emit({
      webhook: "user.login",
      audit: "login_success",
      userId,
      // Hanko writes the method even when the stash has none, as "".
      details: { flow_id: ctx.flowId, login_method: method ?? "", ...(mfa && { mfa_method: mfa }) },
    });
  }
  // Only a session whose row committed reaches the client.
  const rememberMe = ctx.data.remember_me_selected === true;
  ctx.afterCommit({
    run: () => {
      outcome.session = issued;
      outcome.rememberMe = rememberMe;
    },
  });
}

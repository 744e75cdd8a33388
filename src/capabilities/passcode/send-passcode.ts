import { FlowErrors } from "../../flowpilot/errors.ts";
import { type FlowData, forgetPasscode } from "../../flowkit/flow-data.ts";
import type { Ctx } from "../../flowkit/flow-services.ts";
import type { PasscodeBinding } from "../../services/passcode/passcode-service.ts";
import type { NoticeTemplate } from "../../services/mail/mailer.ts";
import { emailRateLimitKey, passcodeRateLimitKey } from "../../services/rate-limit/keys.ts";

type Template = NonNullable<FlowData["passcode_template"]>;

/** The notices for an unknown address at login or a taken one at registration: their mail has no code. */
export function codeless(template: Template): template is NoticeTemplate {
  return template === "email_login_attempted" || template === "email_registration_attempted";
}

/**
 * What a passcode sent now would prove: the flow's current address, and at sign-in or in the profile
 * that it is this user's. A sign-up's user does not exist yet (and gets a new id each time the
 * identifier is entered), so there the address alone is proved.
 */
export function passcodeBinding(ctx: Ctx): PasscodeBinding {
  const { email, passcode_template: template, user_id: userId, new_user: newUser } = ctx.data;
  if (!email || !template) throw new Error("passcode_confirmation needs an email and a template in the stash");
  return { flowId: ctx.flowId, address: email, userId: codeless(template) || newUser ? null : (userId ?? null) };
}

/**
 * The id of the flow's passcode, but only if it was sent for exactly what the flow would prove now.
 * `sticky` survives `back`, so after going back and choosing another address (or, at sign-up, a new
 * user) the passcode of before is no proof of anything the flow now asks about.
 */
export function boundPasscodeId(ctx: Ctx): string | undefined {
  const sticky = ctx.data.sticky;
  if (!sticky?.passcode_id) return undefined;
  const binding = passcodeBinding(ctx);
  return sticky.passcode_email === binding.address && (sticky.passcode_user_id ?? null) === binding.userId ? sticky.passcode_id : undefined;
}

/**
 * Creates a passcode and, once the step has committed, mails it with the template the flow chose. For
 * the codeless templates a passcode is made as well, so the flow looks the same on the wire, but the
 * mail does not contain it. A mail that cannot be sent takes its passcode away again, so coming back
 * to the state sends a new one instead of waiting for a code that never left.
 */
export async function sendNewPasscode(ctx: Ctx): Promise<void> {
  const binding = passcodeBinding(ctx);
  const template = ctx.data.passcode_template!;
  const { passcodes, mailer, config, tx, request, now } = ctx.services;
  const ttlSeconds = config.email.passcode_ttl;
  const { id, code } = await passcodes.create(tx, ttlSeconds, binding);
  const validUntil = new Date(now().getTime() + ttlSeconds * 1000);
  ctx.afterCommit({
    run: async () => {
      const to = binding.address;
      if (codeless(template)) await mailer.send({ to, language: request.language, template });
      else await mailer.send({ to, language: request.language, template, code, ttlSeconds, validUntil });
    },
    error: FlowErrors.mailNotSent,
    undo: (db) => passcodes.discard(db, id),
  });
  ctx.data.sticky = { ...ctx.data.sticky, passcode_id: id, passcode_email: binding.address, passcode_user_id: binding.userId };
}

/**
 * `rate_limiter.passcode_limits` per client address and email, then `rate_limiter.email_limits` per
 * client address alone, which every mail goes through. When either is exhausted, the payload says when
 * a code can be sent again (`resend_after`) and no mail goes out.
 */
export async function passcodeAllowed(ctx: Ctx): Promise<boolean> {
  const { rateLimiter, request } = ctx.services;
  let taken = await rateLimiter.take("passcode", passcodeRateLimitKey(request.ip, ctx.data.email ?? ""));
  if (taken.allowed) taken = await rateLimiter.take("email", emailRateLimitKey(request.ip));
  if (taken.allowed) return true;
  ctx.payload.resend_after = taken.retryAfterSeconds;
  return false;
}

/**
 * Before-state hook of `passcode_confirmation`: sends a passcode on entry, unless the response already
 * carries an error (a wrong code re-enters the state) or the one sent before, for exactly the same
 * address and user, can still be used (the user went back and forth). Like Hanko, it takes a
 * rate-limit token on every entry, and a refusal still enters the state, with `rate_limit_exceeded`
 * attached; unlike Hanko, a refusal also forgets any passcode sent for something else, which would
 * otherwise be checked in place of the one that was never sent.
 */
export async function sendPasscodeOnEntry(ctx: Ctx): Promise<void> {
  if (ctx.error) return;
  const earlier = boundPasscodeId(ctx);
  const reusable = earlier !== undefined && (await ctx.services.passcodes.usable(ctx.services.tx, earlier));
  if (!(await passcodeAllowed(ctx))) {
    if (!reusable) forgetPasscode(ctx.data);
    return ctx.attachError(FlowErrors.rateLimitExceeded);
  }
  if (!reusable) await sendNewPasscode(ctx);
}

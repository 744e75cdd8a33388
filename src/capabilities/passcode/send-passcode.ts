import { FlowErrors } from "../../flowpilot/errors.ts";
import type { Ctx } from "../../flows/flow-services.ts";
import { emailRateLimitKey, passcodeRateLimitKey } from "../../services/rate-limit/keys.ts";

/**
 * Creates a passcode and mails it with the template the flow chose. For the "attempted" templates
 * (an unknown address at login, a taken one at registration) a passcode is made as well, so the
 * flow looks the same on the wire, but the mail does not contain it.
 */
export async function sendNewPasscode(ctx: Ctx): Promise<void> {
  const { email, passcode_template: template } = ctx.data;
  if (!email || !template) throw new Error("passcode_confirmation needs an email and a template in the stash");
  const { passcodes, mailer, config, tx, request, now } = ctx.services;
  const ttlSeconds = config.email.passcode_ttl;
  const { id, code } = await passcodes.create(tx, ttlSeconds);
  if (template === "email_login_attempted" || template === "email_registration_attempted") {
    await mailer.send({ to: email, language: request.language, template });
  } else {
    await mailer.send({
      to: email,
      language: request.language,
      template,
      code,
      ttlSeconds,
      validUntil: new Date(now().getTime() + ttlSeconds * 1000),
    });
  }
  ctx.data.sticky = { ...ctx.data.sticky, passcode_id: id, passcode_email: email };
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
 * carries an error (a wrong code re-enters the state) or the one sent before, to the same address,
 * can still be used (the user went back and forth). Like Hanko, it takes a rate-limit token on every
 * entry, and a refusal still enters the state, with `rate_limit_exceeded` attached.
 */
export async function sendPasscodeOnEntry(ctx: Ctx): Promise<void> {
  if (ctx.error) return;
  if (!(await passcodeAllowed(ctx))) return ctx.attachError(FlowErrors.rateLimitExceeded);
  const sticky = ctx.data.sticky;
  if (
    sticky?.passcode_id &&
    sticky.passcode_email === ctx.data.email &&
    (await ctx.services.passcodes.usable(ctx.services.tx, sticky.passcode_id))
  )
    return;
  await sendNewPasscode(ctx);
}

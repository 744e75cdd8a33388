import type { Ctx } from "../flows/flow-services.ts";

/**
 * After-flow hook of credential usage in the login flow (flow-api.md §6.4): once the user is known,
 * what is missing is asked for – a username, an email, a passkey – and then `success`. MFA and device
 * trust come with the MFA work; passwords with the password work.
 */
export async function scheduleLoginOnboarding(ctx: Ctx): Promise<void> {
  if (ctx.data.onboarding_scheduled) return;
  ctx.data.onboarding_scheduled = true;
  const { username, email, passkey } = ctx.services.config;
  const states: string[] = [];
  if (username.enabled && username.acquire_on_login && !ctx.data.user_has_username) states.push("onboarding_username");
  if (email.enabled && email.acquire_on_login && !ctx.data.user_has_emails) states.push("onboarding_email");
  const passkeysUsable = ctx.data.webauthn_available === true && passkey.enabled;
  if (passkeysUsable && passkey.acquire_on_login !== "never" && !ctx.data.user_has_passkey) states.push("onboarding_create_passkey");
  ctx.schedule(...states, "success");
}

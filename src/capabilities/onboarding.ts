import { scheduling } from "../flowpilot/definition.ts";
import type { FlowHook } from "../flowkit/flow-services.ts";
import type { StateName } from "../flowkit/state-names.ts";
import { CREDENTIAL_ONBOARDING_STATES, credentialOnboardingStates } from "./credential-onboarding.ts";
import { MFA_USAGE_STATES, mfaUsageStates } from "./mfa/mfa-usage.ts";

/**
 * After-flow hook of credential usage in the login flow (Hanko's backend/flow_api/flow/login/hook_schedule_onboarding_states.go): once the user is known,
 * the second factor they set up, a pending password recovery, then what is missing – a username, an
 * email, a credential – and then `success`. Asking for new second factors and device trust come later.
 */
export const scheduleLoginOnboarding: FlowHook = scheduling(
  [...MFA_USAGE_STATES, "login_password_recovery", "onboarding_username", "onboarding_email", ...CREDENTIAL_ONBOARDING_STATES, "success"],
  async (ctx) => {
    if (ctx.data.onboarding_scheduled) return;
    ctx.data.onboarding_scheduled = true;
    const { username, email } = ctx.services.config;
    const states: StateName[] = [...mfaUsageStates(ctx)];
    if (ctx.data.pw_recovery_pending) states.push("login_password_recovery");
    if (username.enabled && username.acquire_on_login && !ctx.data.user_has_username) states.push("onboarding_username");
    if (email.enabled && email.acquire_on_login && !ctx.data.user_has_emails) states.push("onboarding_email");
    ctx.schedule(...states, ...credentialOnboardingStates(ctx), "success");
  },
);

import { proceed } from "../flowpilot/definition.ts";
import type { Action, Ctx, FlowState } from "../flowkit/flow-services.ts";
import type { StateName } from "../flowkit/state-names.ts";
import { backAction } from "./back.ts";

type Acquisition = "always" | "conditional" | "never";

/** `*.acquire_on_login` or `*_on_registration` for this flow; `never` for a method that is off. */
export function acquisitions(ctx: Ctx): { passkey: Acquisition; password: Acquisition } {
  const { passkey, password } = ctx.services.config;
  const login = ctx.flowName === "login";
  const passkeyUsable = ctx.data.webauthn_available === true && passkey.enabled;
  return {
    passkey: passkeyUsable ? (login ? passkey.acquire_on_login : passkey.acquire_on_registration) : "never",
    // A pending recovery sets the password anyway.
    password:
      password.enabled && !ctx.data.pw_recovery_pending ? (login ? password.acquire_on_login : password.acquire_on_registration) : "never",
  };
}

/** Every state `credentialOnboardingStates` may ask for, for those who move there to declare. */
export const CREDENTIAL_ONBOARDING_STATES = [
  "onboarding_create_passkey",
  "password_creation",
  "credential_onboarding_chooser",
] as const satisfies readonly StateName[];

/**
 * Which credential a user is asked for after signing in or while signing up: Hanko's table of the two
 * acquisition settings against what the user already has (`determineCredentialOnboardingStates` in
 * its backend/flow_api/flow/login/hook_schedule_onboarding_states.go, and for sign-up
 * backend/flow_api/flow/registration/action_register_login_identifier.go).
 */
export function credentialOnboardingStates(ctx: Ctx): (typeof CREDENTIAL_ONBOARDING_STATES)[number][] {
  const { passkey: pk, password: pw } = acquisitions(ctx);
  const hasPasskey = ctx.data.user_has_passkey === true;
  const hasPassword = ctx.data.user_has_password === true;
  const passkeyUsable = ctx.data.webauthn_available === true && ctx.services.config.passkey.enabled;
  const passwordUsable = ctx.services.config.password.enabled;
  const wanted = (a: Acquisition) => a !== "never";
  if (!passkeyUsable || !passwordUsable) {
    if (passkeyUsable && wanted(pk) && !hasPasskey) return ["onboarding_create_passkey"];
    if (passwordUsable && wanted(pw) && !hasPassword) return ["password_creation"];
    return [];
  }
  if (hasPasskey && hasPassword) return [];
  if (hasPasskey) return pw === "always" ? ["password_creation"] : [];
  if (hasPassword) return pk === "always" ? ["onboarding_create_passkey"] : [];
  const { password, passkey } = ctx.services.config;
  const plan: Record<string, (typeof CREDENTIAL_ONBOARDING_STATES)[number][]> = {
    "always/always":
      !password.optional && passkey.optional
        ? ["password_creation", "onboarding_create_passkey"]
        : ["onboarding_create_passkey", "password_creation"],
    "always/conditional": ["onboarding_create_passkey"],
    "conditional/always": ["password_creation"],
    "conditional/conditional": ["credential_onboarding_chooser"],
    "conditional/never": ["onboarding_create_passkey"],
    "never/conditional": ["password_creation"],
    "never/always": ["password_creation"],
    "always/never": ["onboarding_create_passkey"],
    "never/never": [],
  };
  return plan[`${pk}/${pw}`] ?? [];
}

/** Whether the user could sign in with a mailed passcode instead of a new credential. */
export function canLoginWithEmail(ctx: Ctx): boolean {
  const email = ctx.services.config.email;
  return ctx.data.email !== undefined && email.enabled && email.use_for_authentication && email.use_as_login_identifier;
}

const chooserSkip: Action = {
  name: "skip",
  description: "Skip",
  suspended: (ctx) => {
    const { password, passkey, email } = ctx.services.config;
    const emailSignIn = email.use_for_authentication && ctx.data.email !== undefined;
    return (ctx.flowName === "registration" && !emailSignIn) || (!password.optional && !passkey.optional);
  },
  execute: async () => proceed([], { preventRevert: true }),
};

export const credentialOnboardingChooserState: FlowState = {
  name: "credential_onboarding_chooser",
  actions: [
    {
      name: "continue_to_passkey_registration",
      description: "Register a WebAuthn credential",
      targets: ["onboarding_create_passkey"],
      execute: async () => proceed(["onboarding_create_passkey"]),
    },
    {
      name: "continue_to_password_registration",
      description: "Register a password credential",
      targets: ["password_creation"],
      execute: async () => proceed(["password_creation"]),
    },
    chooserSkip,
    backAction(),
  ],
};

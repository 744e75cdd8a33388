import { describe, expect, test } from "bun:test";
import { credentialOnboardingStates } from "../../../src/capabilities/credential-onboarding.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import type { FlowData } from "../../../src/flowkit/flow-data.ts";
import type { Ctx } from "../../../src/flowkit/flow-services.ts";

type Acquisition = "always" | "conditional" | "never";

/** Just what the planner reads: the flow, the stash and the configuration. */
function ctx(
  flowName: "login" | "registration",
  passkey: Acquisition,
  password: Acquisition,
  data: FlowData = {},
  optional = { password: false, passkey: true },
): Ctx {
  const config = defaultConfig();
  config.passkey.optional = optional.passkey;
  config.password.optional = optional.password;
  if (flowName === "login") {
    config.passkey.acquire_on_login = passkey;
    config.password.acquire_on_login = password;
  } else {
    config.passkey.acquire_on_registration = passkey;
    config.password.acquire_on_registration = password;
  }
  return { flowName, data: { webauthn_available: true, ...data }, services: { config } } as unknown as Ctx;
}

describe("which credentials a user is asked for (Hanko's onboarding table)", () => {
  test.each([
    ["always", "always", ["password_creation", "onboarding_create_passkey"]],
    ["always", "conditional", ["onboarding_create_passkey"]],
    ["conditional", "always", ["password_creation"]],
    ["conditional", "conditional", ["credential_onboarding_chooser"]],
    ["conditional", "never", ["onboarding_create_passkey"]],
    ["never", "conditional", ["password_creation"]],
    ["never", "always", ["password_creation"]],
    ["always", "never", ["onboarding_create_passkey"]],
    ["never", "never", []],
  ] as const)("passkey %s / password %s, nothing yet: %p", (passkey, password, states) => {
    expect(credentialOnboardingStates(ctx("registration", passkey, password))).toEqual([...states]);
  });

  test("both always with an optional password puts the passkey first", () => {
    expect(credentialOnboardingStates(ctx("registration", "always", "always", {}, { password: true, passkey: true }))).toEqual([
      "onboarding_create_passkey",
      "password_creation",
    ]);
  });

  test("a user with a passkey but no password is asked for a password only when that is always wanted", () => {
    const hasPasskey = { user_has_passkey: true };
    expect(credentialOnboardingStates(ctx("login", "always", "always", hasPasskey))).toEqual(["password_creation"]);
    expect(credentialOnboardingStates(ctx("login", "always", "conditional", hasPasskey))).toEqual([]);
  });

  test("a user with a password but no passkey is asked for a passkey when that is always wanted (Hanko's login default)", () => {
    const hasPassword = { user_has_password: true };
    expect(credentialOnboardingStates(ctx("login", "always", "never", hasPassword))).toEqual(["onboarding_create_passkey"]);
    expect(credentialOnboardingStates(ctx("login", "conditional", "never", hasPassword))).toEqual([]);
  });

  test("a pending password recovery does not ask for a password again", () => {
    expect(credentialOnboardingStates(ctx("login", "never", "always", { pw_recovery_pending: true }))).toEqual([]);
  });

  test("without WebAuthn in the browser only the password is considered", () => {
    expect(credentialOnboardingStates(ctx("registration", "always", "always", { webauthn_available: false }))).toEqual([
      "password_creation",
    ]);
  });

  test("a user who has everything is asked for nothing", () => {
    expect(credentialOnboardingStates(ctx("login", "always", "always", { user_has_passkey: true, user_has_password: true }))).toEqual([]);
  });
});

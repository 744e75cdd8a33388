// Passwords through the unmodified hanko-elements in Chromium (a second server configuration, with
// passwords on). No virtual authenticator is attached, so the elements never offer passkeys.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Locator, Page } from "playwright-core";
import { browserAvailable, launchBrowser } from "../support/browser.ts";
import { passcodeFrom } from "../support/mail-catcher.ts";
import { startStack, type Stack } from "./stack.ts";

const STEP = 20_000;
const EN = {
  signUp: "Create account",
  continue: "Continue",
  skip: "Skip",
  password: "Password",
  forgot: "Forgot your password?",
  invalid: "The entered value is invalid.",
  setNewPassword: "Set new password",
  enterPassword: "Enter password",
};

interface Tab {
  page: Page;
  auth: Locator;
}

const available = browserAvailable();

/** Signs in and out through the elements in fresh browser contexts against one server. */
function journeys(settings: Record<string, unknown>) {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack(settings);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function open(): Promise<Tab> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(STEP);
    await page.goto(stack.pageUrl);
    // <hanko-auth> repeats a new flow's first state 500 ms after creating it; a person is never faster.
    await page.waitForTimeout(700);
    return { page, auth: page.locator("hanko-auth") };
  }

  /** Waits for the session; a user without a passkey is offered one first (Hanko's default), which is skipped. */
  async function signedIn(tab: Tab): Promise<void> {
    const done = tab.page.waitForFunction(() => document.body.dataset.state === "signed-in", undefined, { timeout: STEP });
    const skip = tab.auth.getByText(EN.skip, { exact: true });
    await Promise.race([done, skip.waitFor({ timeout: STEP }).then(() => skip.click())]);
    await done;
    const me = await tab.page.context().request.get(`${stack.apiUrl}/me`);
    expect(me.status()).toBe(200);
    await tab.page.context().close();
  }

  async function typePasscode(tab: Tab, code: string): Promise<void> {
    await tab.auth.locator("input[name='passcode0']").click();
    await tab.page.keyboard.type(code, { delay: 20 });
  }

  return {
    get stack() {
      return stack;
    },
    open,
    signedIn,
    typePasscode,
  };
}

describe.skipIf(!available)("e2e: passwords with email", () => {
  const j = journeys({ password: { enabled: true } });
  const email = `pw.${Date.now()}@example.com`;

  async function toPasswordPage(tab: Tab): Promise<void> {
    await tab.auth.locator("input[type='email']").fill(email);
    await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    await tab.auth.getByRole("button", { name: EN.password, exact: true }).click();
    await tab.auth.getByText(EN.enterPassword, { exact: true }).waitFor();
  }

  test("sign up with email and password and skip the passkey", async () => {
    const tab = await j.open();
    await tab.auth.getByText(EN.signUp, { exact: true }).click();
    await tab.page.waitForTimeout(700);
    await tab.auth.locator("input[type='email']").fill(email);
    await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    await j.typePasscode(tab, passcodeFrom(await j.stack.mail.waitForMail(email, STEP)));
    await tab.auth.getByText(EN.setNewPassword, { exact: true }).waitFor();
    await tab.auth.locator("input[type='password']").fill("a fine password");
    await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    const skip = tab.auth.getByText(EN.skip, { exact: true });
    await Promise.race([
      tab.page.waitForFunction(() => document.body.dataset.state === "signed-in"),
      skip.waitFor().then(() => skip.click()),
    ]);
    await j.signedIn(tab);
  });

  test("a wrong password shows the element's error, the right one signs in", async () => {
    const tab = await j.open();
    await toPasswordPage(tab);
    await tab.auth.locator("input[type='password']").fill("not the password");
    await tab.auth.getByRole("button", { name: "Sign in", exact: true }).click();
    await tab.auth.getByText(EN.invalid).first().waitFor();
    await tab.auth.locator("input[type='password']").fill("a fine password");
    await tab.auth.getByRole("button", { name: "Sign in", exact: true }).click();
    await j.signedIn(tab);
  });

  test("a forgotten password is reset by passcode", async () => {
    const tab = await j.open();
    await toPasswordPage(tab);
    await tab.auth.getByText(EN.forgot, { exact: true }).click();
    await j.typePasscode(tab, passcodeFrom(await j.stack.mail.waitForMail(email, STEP)));
    await tab.auth.getByText(EN.setNewPassword, { exact: true }).waitFor();
    await tab.auth.locator("input[type='password']").fill("another fine password");
    await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    await j.signedIn(tab);
  });
});

describe.skipIf(!available)("e2e: a username only", () => {
  const j = journeys({ password: { enabled: true }, email: { enabled: false }, username: { enabled: true, optional: false } });
  const username = `grace_${Date.now()}`;

  test("sign up with a username and a password, then sign in with them", async () => {
    const signUp = await j.open();
    await signUp.auth.getByText(EN.signUp, { exact: true }).click();
    await signUp.page.waitForTimeout(700);
    await signUp.auth.getByPlaceholder("Username").fill(username);
    await signUp.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    await signUp.auth.locator("input[type='password']").fill("grace's password");
    await signUp.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    await j.signedIn(signUp);

    const signIn = await j.open();
    await signIn.auth.getByPlaceholder("Username").fill(username);
    await signIn.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    await signIn.auth.locator("input[type='password']").fill("grace's password");
    await signIn.auth.getByRole("button", { name: "Sign in", exact: true }).click();
    await j.signedIn(signIn);
  });
});

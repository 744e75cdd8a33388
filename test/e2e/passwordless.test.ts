// The passwordless journeys through the unmodified hanko-elements in Chromium against the real server
// (passwords off, passkeys on, email passcodes on, email verification required). The tests run in order and
// share one user: sign up, sign out, then each way back in, then a locked passcode.
//
// Chromium's virtual authenticator answers passkey autofill (conditional mediation) at once whenever it
// holds a matching passkey, so each journey opens a fresh browser context whose authenticator holds the
// user's passkey only when the journey wants it to.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import {
  addCredential,
  addVirtualAuthenticator,
  browserAvailable,
  clearCredentials,
  launchBrowser,
  listCredentials,
  type VirtualAuthenticator,
  type VirtualCredential,
} from "../support/browser.ts";
import { testDatabases } from "../support/databases.ts";
import { passcodeFrom } from "../support/mail-catcher.ts";
import { startStack, type Stack } from "./stack.ts";

// Texts of hanko-elements' English translation (dist/i18n/en.js).
const EN = {
  signUpLink: "Create account", // labels.signUp
  continue: "Continue", // labels.continue
  enterPasscode: "Enter passcode", // headlines.loginPasscode
  createPasskey: "Create a passkey", // labels.registerAuthenticator
  signInPasskey: "Sign in with a passkey", // labels.signInPasskey
  signInPasscode: "Sign in with a passcode", // labels.signInPasscode
  skip: "Skip", // labels.skip
  passcodeInvalid: "The passcode provided was not correct.", // flowErrors.passcode_invalid
  passcodeAttemptsReached: "The passcode was entered incorrectly too many times. Please request a new code.", // flowErrors.passcode_max_attempts_reached
  // labels.sendNewPasscode, or labels.passcodeResendAfter while the resend delay runs
  sendNewPasscode: /^(Send new code|Request a new code in \d+)$/,
} as const;

const STEP = 20_000;

// Every journey on every database the run covers: the browser sees the same product on each.
const databases = browserAvailable() ? await testDatabases() : [];

describe.each(databases)("e2e: passwordless journeys on $family", (database) => {
  let stack: Stack;
  let dropDatabase: () => Promise<void>;
  let browser: Browser;
  const email = `alice.${Date.now()}@example.com`;
  let passkey: VirtualCredential | undefined;
  let signUpTab: Tab | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const scratch = await database.create();
    dropDatabase = scratch.drop;
    stack = await startStack({ database: { url: scratch.url } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await dropDatabase?.();
  });

  interface Tab {
    page: Page;
    /** <hanko-auth>; Playwright's CSS and text locators pierce its open shadow root. */
    auth: Locator;
    authenticator: VirtualAuthenticator;
  }

  /**
   * The sign-in page in a fresh context (no cookies), with a virtual authenticator holding `passkeys`;
   * `autofill: false` makes the browser report no conditional mediation, so the element starts none.
   */
  async function open(passkeys: VirtualCredential[] = [], options: { autofill?: boolean } = {}): Promise<Tab> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    if (options.autofill === false) {
      await page.addInitScript(() => {
        PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
      });
    }
    page.setDefaultTimeout(STEP);
    const authenticator = await addVirtualAuthenticator(page);
    for (const credential of passkeys) await addCredential(authenticator, credential);
    await page.goto(stack.pageUrl);
    await settle(page);
    return { page, auth: page.locator("hanko-auth"), authenticator };
  }

  /**
   * <hanko-auth> shows a newly created flow's first state once more, 500 ms after creating it (on load
   * and when switching between sign-in and sign-up). A person never types that fast; a test must wait,
   * or that late repeat replaces the page the element had already moved on to.
   */
  async function settle(page: Page): Promise<void> {
    await page.waitForTimeout(700);
  }

  async function closeAll(): Promise<void> {
    for (const context of contexts.splice(0)) await context.close();
  }

  const state = (page: Page) => page.evaluate(() => document.body.dataset.state);

  async function waitForState(page: Page, wanted: "signed-in" | "signed-out"): Promise<void> {
    try {
      await page.waitForFunction((w) => document.body.dataset.state === w, wanted, { timeout: STEP });
    } catch (error) {
      const shadow = await page.evaluate(
        () => (document.querySelector("hanko-auth, hanko-profile")?.shadowRoot?.querySelector("section") as HTMLElement | null)?.innerText,
      );
      throw new Error(`the page is ${await state(page)}, not ${wanted}; the element shows: ${shadow}\nserver output:\n${stack.output()}`, {
        cause: error,
      });
    }
  }

  /** The email input of the login or registration page. */
  const emailInput = (tab: Tab) => tab.auth.locator("input[type='email']");

  async function typePasscode(tab: Tab, code: string): Promise<void> {
    const first = tab.auth.locator("input[name='passcode0']");
    await first.waitFor();
    await first.click();
    // The sixth digit submits the form.
    await tab.page.keyboard.type(code, { delay: 20 });
  }

  async function meOf(page: Page): Promise<{ status: number; body: string }> {
    const response = await page.context().request.get(`${stack.apiUrl}/me`);
    return { status: response.status(), body: await response.text() };
  }

  /** Enters the email on the login page and gets to the passcode page (through the method chooser if shown). */
  async function requestLoginPasscode(tab: Tab): Promise<void> {
    await emailInput(tab).fill(email);
    await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();
    const passcodePage = tab.auth.getByText(EN.enterPasscode, { exact: true });
    const chooser = tab.auth.getByRole("button", { name: EN.signInPasscode });
    await passcodePage.or(chooser).first().waitFor();
    if (await chooser.isVisible()) await chooser.click();
    await passcodePage.waitFor();
  }

  /** A 6-digit code that is not `code`. */
  const wrong = (code: string, n: number) => String((Number(code) + n) % 1_000_000).padStart(6, "0");

  test("sign up: email, passcode from the mail, a new passkey, signed in", async () => {
    const tab = await open();
    signUpTab = tab;
    await tab.auth.getByText(EN.signUpLink, { exact: true }).click();
    await settle(tab.page);
    await emailInput(tab).fill(email);
    await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();

    await tab.auth.getByText(EN.enterPasscode, { exact: true }).waitFor();
    const mail = await stack.mail.waitForMail(email, STEP);
    await typePasscode(tab, passcodeFrom(mail));

    await tab.auth.getByRole("button", { name: EN.createPasskey }).click();
    await waitForState(tab.page, "signed-in");
    await tab.page.locator("hanko-profile").waitFor();
    expect(await tab.page.locator("#sign-out").isVisible()).toBe(true);

    const credentials = await listCredentials(tab.authenticator);
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);
    expect(credentials[0]?.rpId).toBe("localhost");
    passkey = credentials[0];

    const me = await meOf(tab.page);
    expect(me.status).toBe(200);
    expect(me.body).toContain(email);
  });

  test("sign out: back to <hanko-auth>, the session is gone", async () => {
    if (!signUpTab) throw new Error("the sign-up journey left no page");
    const { page, authenticator } = signUpTab;
    // Without its passkey the authenticator cannot sign straight back in through passkey autofill.
    await clearCredentials(authenticator);
    await page.locator("#sign-out").click();
    await waitForState(page, "signed-out");
    await page.locator("hanko-auth").waitFor();
    expect(await page.locator("hanko-profile").count()).toBe(0);
    expect((await meOf(page)).status).toBe(401);
    await closeAll();
  });

  test("sign in with the passkey button", async () => {
    if (!passkey) throw new Error("no passkey from the sign-up journey");
    // Without autofill, so that the button is what signs in: a pending autofill request would be answered
    // by the authenticator as soon as it holds the passkey, and sign in before the click.
    const tab = await open([passkey], { autofill: false });
    await emailInput(tab).waitFor();
    await tab.auth.getByRole("button", { name: EN.signInPasskey }).click();
    await waitForState(tab.page, "signed-in");
    const me = await meOf(tab.page);
    expect(me.status).toBe(200);
    expect(me.body).toContain(email);
    await closeAll();
  });

  test("sign in with passkey autofill (conditional mediation)", async () => {
    if (!passkey) throw new Error("no passkey from the sign-up journey");
    // Nothing is clicked or typed: the element starts conditional mediation on the email field as soon
    // as login_init arrives with request options, and the virtual authenticator answers it at once.
    const tab = await open([passkey]);
    await waitForState(tab.page, "signed-in");
    const me = await meOf(tab.page);
    expect(me.status).toBe(200);
    expect(me.body).toContain(email);
    await closeAll();
  });

  test("sign in with an email passcode", async () => {
    const tab = await open();
    await requestLoginPasscode(tab);
    const mail = await stack.mail.waitForMail(email, STEP);
    await typePasscode(tab, passcodeFrom(mail));
    // The user has a passkey already; should the flow still offer one, decline.
    const skip = tab.auth.getByText(EN.skip, { exact: true });
    await Promise.race([waitForState(tab.page, "signed-in"), skip.waitFor().then(() => skip.click())]);
    await waitForState(tab.page, "signed-in");
    const me = await meOf(tab.page);
    expect(me.status).toBe(200);
    expect(me.body).toContain(email);
    await closeAll();
  });

  describe("wrong passcodes", () => {
    let tab: Tab;
    let code: string;

    test("a wrong passcode shows the element's error text", async () => {
      tab = await open();
      await requestLoginPasscode(tab);
      code = passcodeFrom(await stack.mail.waitForMail(email, STEP));
      await typePasscode(tab, wrong(code, 1));
      await tab.auth.getByText(EN.passcodeInvalid).waitFor();
      expect(await state(tab.page)).toBe("signed-out");
      await tab.auth.getByText(EN.enterPasscode, { exact: true }).waitFor();
    });

    test("the third wrong passcode locks it: the element asks for a new code", async () => {
      await typePasscode(tab, wrong(code, 2));
      await tab.auth.getByText(EN.passcodeInvalid).waitFor();
      await typePasscode(tab, wrong(code, 3));
      await tab.auth.getByText(EN.passcodeAttemptsReached).waitFor();
      // The digits are disabled and a new code can be requested.
      expect(await tab.auth.locator("input[name='passcode0']").isDisabled()).toBe(true);
      await tab.auth.getByRole("button", { name: EN.sendNewPasscode }).waitFor();
      expect(await state(tab.page)).toBe("signed-out");
      expect((await meOf(tab.page)).status).toBe(401);
      await closeAll();
    });
  });
});

// <hanko-profile> of the unmodified hanko-elements in Chromium against the real server (passwords on, passkeys
// on, account deletion allowed). One user, signed up through <hanko-auth>, walks through the profile page in
// order: a second email address, a passkey, a new password, another session revoked, the account deleted.
// The tests share that user and the signed-in page, so each depends on the ones before it.
//
// The profile page is built from accordions: every entry (an email address, a passkey, a session, the "Add
// email" and "Change password" dropdowns) is a `.hanko_accordionItem` holding a radio input named after its
// list, the label to click, and the content. Collapsed content is only squeezed to zero height, so its
// buttons stay in the DOM; every locator below is therefore scoped to one item. Dangerous links (Delete,
// Revoke) act only after a "yes" the elements show next to them.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import {
  addVirtualAuthenticator,
  browserAvailable,
  clearCredentials,
  launchBrowser,
  listCredentials,
  type VirtualAuthenticator,
} from "../support/browser.ts";
import { passcodeFrom } from "../support/mail-catcher.ts";
import { startStack, type Stack } from "./stack.ts";

// Texts of hanko-elements' English translation (dist/i18n/en.js).
const EN = {
  signUpLink: "Create account", // labels.signUp
  continue: "Continue", // labels.continue
  skip: "Skip", // labels.skip
  password: "Password", // labels.password
  signIn: "Sign in", // labels.signIn
  enterPasscode: "Enter passcode", // headlines.loginPasscode
  enterPassword: "Enter password", // headlines.loginPassword
  setNewPassword: "Set new password", // headlines.registerPassword
  invalid: "The entered value is invalid.", // flowErrors.value_invalid_error
  emails: "Emails", // headlines.profileEmails
  sessions: "Sessions", // headlines.profileSessions
  addEmail: "Add email", // labels.addEmail
  save: "Save", // labels.save
  setAsPrimary: "Set as primary", // labels.setAsPrimaryEmail
  primary: "primary", // labels.primaryEmail
  unverified: "unverified", // labels.unverifiedEmail
  delete: "Delete", // labels.delete
  createPasskey: "Create a passkey", // labels.createPasskey
  rename: "Rename", // labels.rename
  renamePasskey: "Rename passkey", // headlines.renamePasskey
  changePassword: "Change password", // labels.changePassword
  currentSession: "Current session", // labels.currentSession
  revoke: "Revoke", // labels.revoke
  deleteAccount: "Delete account", // headlines.deleteAccount
  confirmDeletion: "Yes, delete this account.", // labels.deleteAccount
  yes: "yes", // labels.yes
} as const;

const STEP = 20_000;

interface Tab {
  context: BrowserContext;
  page: Page;
  /** <hanko-auth>; Playwright's CSS and text locators pierce its open shadow root. */
  auth: Locator;
  /** <hanko-profile>, likewise. */
  profile: Locator;
}

interface Me {
  status: number;
  body: string;
  json: {
    emails?: { id: string; address: string; is_primary: boolean; is_verified: boolean }[];
    passkeys?: { id: string; name?: string | null }[];
  };
}

describe.skipIf(!browserAvailable())("e2e: <hanko-profile>", () => {
  let stack: Stack;
  let browser: Browser;
  const stamp = Date.now();
  const firstEmail = `profile.${stamp}@example.com`;
  const secondEmail = `profile.second.${stamp}@example.com`;
  const firstPassword = "a first fine password";
  const newPassword = "a second fine password";
  /** The user's page, signed in from the sign-up on. */
  let main: Tab | undefined;
  /** A second browser context signed in with the new password, whose session the main page revokes. */
  let other: Tab | undefined;
  /** The last Flow API responses of the main page (`POST /profile`), for failure messages. */
  const profileResponses: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ password: { enabled: true }, account: { allow_deletion: true } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The sign-in page in a fresh browser context (no cookies). */
  async function open(): Promise<Tab> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(STEP);
    await page.goto(stack.pageUrl);
    await settle(page);
    return { context, page, auth: page.locator("hanko-auth"), profile: page.locator("hanko-profile") };
  }

  /**
   * The elements show a newly created flow's first state once more, 500 ms after creating it. A person
   * never acts that fast; a test must wait, or that late repeat replaces the page the element moved on to.
   */
  async function settle(page: Page): Promise<void> {
    await page.waitForTimeout(700);
  }

  function mainTab(): Tab {
    if (!main) throw new Error("the sign-up journey left no signed-in page");
    return main;
  }

  /** Runs `step`; a failure carries what the element shows and the latest profile flow responses. */
  async function explained<T>(tab: Tab, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const shown = await tab.page
        .evaluate(() => {
          const element = document.querySelector("hanko-auth, hanko-profile");
          return `<${element?.localName}> ${(element?.shadowRoot?.querySelector("section") as HTMLElement | null)?.innerText ?? ""}`;
        })
        .catch((e: Error) => `(the page could not be read: ${e.message})`);
      const responses = profileResponses.slice(-3).join("\n");
      throw new Error(`${(error as Error).message}\nthe element shows: ${shown}\nlast POST /profile responses:\n${responses}`, {
        cause: error,
      });
    }
  }

  async function waitForState(page: Page, wanted: "signed-in" | "signed-out"): Promise<void> {
    await page.waitForFunction((w) => document.body.dataset.state === w, wanted, { timeout: STEP });
  }

  async function meOf(page: Page): Promise<Me> {
    const response = await page.context().request.get(`${stack.apiUrl}/me`);
    const body = await response.text();
    return { status: response.status(), body, json: response.ok() ? (JSON.parse(body) as Me["json"]) : {} };
  }

  async function typePasscode(element: Locator, page: Page, code: string): Promise<void> {
    const first = element.locator("input[name='passcode0']");
    await first.waitFor();
    await first.click();
    // The sixth digit submits the form.
    await page.keyboard.type(code, { delay: 20 });
  }

  /** After a sign-in: a user without a passkey is offered one first (Hanko's default), which is skipped. */
  async function skipPasskeyOffer(tab: Tab): Promise<void> {
    const skip = tab.auth.getByText(EN.skip, { exact: true });
    await Promise.race([waitForState(tab.page, "signed-in"), skip.waitFor().then(() => skip.click())]);
    await waitForState(tab.page, "signed-in");
  }

  /** The accordion entries of one list of the profile page, e.g. "email-edit-dropdown". */
  function items(tab: Tab, list: string): Locator {
    return tab.profile.locator(".hanko_accordionItem").filter({ has: tab.page.locator(`input[name='${list}']`) });
  }

  /** The entry of `list` whose label shows `text`. */
  function item(tab: Tab, list: string, text: string | RegExp): Locator {
    return items(tab, list).filter({ has: tab.page.locator("label", { hasText: text }) });
  }

  /** Unfolds an entry; its buttons can be clicked once the content has grown (Playwright waits for that). */
  async function unfold(entry: Locator): Promise<Locator> {
    await entry.locator("label").click();
    return entry;
  }

  /** Clicks a dangerous link (Delete, Revoke) in `scope`; the elements then ask "yes / no" next to it. */
  async function confirmDangerous(scope: Locator, label: string): Promise<void> {
    await scope.getByRole("button", { name: label, exact: true }).click();
    await scope.getByRole("button", { name: EN.yes, exact: true }).click();
  }

  /** Runs `action` and returns the body of the `POST /profile` response it caused. */
  async function profileCall(page: Page, action: () => Promise<void>): Promise<{ name: string; status: number; error?: unknown }> {
    const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/profile");
    await action();
    return (await (await response).json()) as { name: string; status: number; error?: unknown };
  }

  /** The profile page (rather than a sub-page such as the passcode page) is shown. */
  async function profilePage(tab: Tab): Promise<void> {
    await tab.profile.getByText(EN.emails, { exact: true }).waitFor();
  }

  test("sign up through <hanko-auth> with email, passcode and password, skipping the passkey", async () => {
    const tab = await open();
    main = tab;
    tab.page.on("response", (response) => {
      if (response.request().method() !== "POST" || new URL(response.url()).pathname !== "/profile") return;
      response
        .text()
        .then((body) => profileResponses.push(`${response.status()} ${body}`))
        .catch(() => undefined);
    });
    await explained(tab, async () => {
      await tab.auth.getByText(EN.signUpLink, { exact: true }).click();
      await settle(tab.page);
      await tab.auth.locator("input[type='email']").fill(firstEmail);
      await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();
      await typePasscode(tab.auth, tab.page, passcodeFrom(await stack.mail.waitForMail(firstEmail, STEP)));
      await tab.auth.getByText(EN.setNewPassword, { exact: true }).waitFor();
      await tab.auth.locator("input[type='password']").fill(firstPassword);
      await tab.auth.getByRole("button", { name: EN.continue, exact: true }).click();
      await skipPasskeyOffer(tab);
      await profilePage(tab);
    });
    const me = await meOf(tab.page);
    expect(me.status).toBe(200);
    expect(me.json.emails).toEqual([expect.objectContaining({ address: firstEmail, is_primary: true, is_verified: true })]);
  });

  test("a second email address is added, verified by passcode, made primary, and the first one deleted", async () => {
    const tab = mainTab();
    const emailList = "email-edit-dropdown";
    await explained(tab, async () => {
      const add = await unfold(items(tab, "email-create-dropdown"));
      await add.locator("input[type='email']").fill(secondEmail);
      await add.getByRole("button", { name: EN.save, exact: true }).click();

      await tab.profile.getByText(EN.enterPasscode, { exact: true }).waitFor();
      await typePasscode(tab.profile, tab.page, passcodeFrom(await stack.mail.waitForMail(secondEmail, STEP)));
      await profilePage(tab);
      const second = item(tab, emailList, secondEmail);
      await second.waitFor();
      expect(await second.locator("label").innerText()).not.toContain(EN.unverified);

      await unfold(second);
      await second.getByRole("button", { name: EN.setAsPrimary, exact: true }).click();
      // The primary address is the one printed in bold.
      await second.locator("label b", { hasText: secondEmail }).waitFor();
      expect(await second.locator("label").innerText()).toContain(EN.primary);

      const first = item(tab, emailList, firstEmail);
      expect(await first.locator("label b").count()).toBe(0);
      await unfold(first);
      await confirmDangerous(first, EN.delete);
      await first.waitFor({ state: "detached" });
      expect(await items(tab, emailList).count()).toBe(1);
    });

    const me = await meOf(tab.page);
    expect(me.status).toBe(200);
    expect(me.json.emails).toEqual([expect.objectContaining({ address: secondEmail, is_primary: true, is_verified: true })]);
  });

  test("a passkey is created with the virtual authenticator, renamed, and deleted", async () => {
    const tab = mainTab();
    const authenticator: VirtualAuthenticator = await addVirtualAuthenticator(tab.page);
    const passkeyList = "passkey-edit-dropdown";
    await explained(tab, async () => {
      const create = await unfold(items(tab, "passkey-create-dropdown"));
      await create.getByRole("button", { name: EN.createPasskey, exact: true }).click();
      await items(tab, passkeyList).first().waitFor();
      expect(await items(tab, passkeyList).count()).toBe(1);
    });
    const credentials = await listCredentials(authenticator);
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.rpId).toBe("localhost");
    const created = await meOf(tab.page);
    expect(created.json.passkeys).toHaveLength(1);

    await explained(tab, async () => {
      const entry = await unfold(items(tab, passkeyList).first());
      await entry.getByRole("button", { name: EN.rename, exact: true }).click();
      // The rename form replaces the profile page.
      await tab.profile.getByText(EN.renamePasskey, { exact: true }).waitFor();
      await tab.profile.locator("input[name='passkey']").fill("E2E laptop");
      await tab.profile.getByRole("button", { name: EN.save, exact: true }).click();
      await item(tab, passkeyList, "E2E laptop").waitFor();
    });
    const renamed = await meOf(tab.page);
    expect(renamed.json.passkeys).toEqual([expect.objectContaining({ id: created.json.passkeys![0]!.id, name: "E2E laptop" })]);

    await explained(tab, async () => {
      const entry = await unfold(item(tab, passkeyList, "E2E laptop"));
      await confirmDangerous(entry, EN.delete);
      await entry.waitFor({ state: "detached" });
      expect(await items(tab, passkeyList).count()).toBe(0);
    });
    const deleted = await meOf(tab.page);
    expect(deleted.status).toBe(200);
    expect(deleted.json.passkeys).toBeUndefined();
    // The server forgot the passkey; the authenticator's copy must not answer passkey autofill after the
    // account deletion brings <hanko-auth> back.
    await clearCredentials(authenticator);
  });

  test("the password is changed; the old one is refused and the new one signs in (a second browser)", async () => {
    const tab = mainTab();
    await explained(tab, async () => {
      const change = await unfold(items(tab, "password-edit-dropdown").filter({ hasText: EN.changePassword }));
      await change.locator("input[type='password']").fill(newPassword);
      const result = await profileCall(tab.page, () => change.getByRole("button", { name: EN.save, exact: true }).click());
      expect(result).toMatchObject({ name: "profile_init", status: 200 });
      expect(result.error).toBeUndefined();
      await profilePage(tab);
    });

    const second = await open();
    other = second;
    await explained(second, async () => {
      await second.auth.locator("input[type='email']").fill(secondEmail);
      await second.auth.getByRole("button", { name: EN.continue, exact: true }).click();
      await second.auth.getByRole("button", { name: EN.password, exact: true }).click();
      await second.auth.getByText(EN.enterPassword, { exact: true }).waitFor();
      await second.auth.locator("input[type='password']").fill(firstPassword);
      await second.auth.getByRole("button", { name: EN.signIn, exact: true }).click();
      await second.auth.getByText(EN.invalid).first().waitFor();
      await second.auth.locator("input[type='password']").fill(newPassword);
      await second.auth.getByRole("button", { name: EN.signIn, exact: true }).click();
      await skipPasskeyOffer(second);
    });
    const me = await meOf(second.page);
    expect(me.status).toBe(200);
    expect(me.body).toContain(secondEmail);
  });

  test("the session list shows the second browser's session, and revoking it signs that browser out", async () => {
    const tab = mainTab();
    if (!other) throw new Error("the password journey left no second browser");
    expect((await meOf(other.page)).status).toBe(200);
    const sessionList = "session-edit-dropdown";
    await explained(tab, async () => {
      // The profile flow lists the sessions it found when it started; a new one shows after a reload.
      await tab.page.reload();
      await settle(tab.page);
      await tab.profile.getByText(EN.sessions, { exact: true }).waitFor();
      await items(tab, sessionList).nth(1).waitFor();
      expect(await items(tab, sessionList).count()).toBe(2);
      expect(await items(tab, sessionList).filter({ hasText: EN.currentSession }).count()).toBe(1);

      const foreign = await unfold(items(tab, sessionList).filter({ hasNotText: EN.currentSession }));
      await confirmDangerous(foreign, EN.revoke);
      await foreign.waitFor({ state: "detached" });
      expect(await items(tab, sessionList).count()).toBe(1);
      expect(await items(tab, sessionList).first().locator("label").innerText()).toContain(EN.currentSession);
    });

    const revoked = await meOf(other.page);
    expect(revoked.status).toBe(401);
    expect((await meOf(tab.page)).status).toBe(200);
    await other.context.close();
    other = undefined;
  });

  test("the account is deleted: the page returns to signed out and /me answers 401", async () => {
    const tab = mainTab();
    await explained(tab, async () => {
      await tab.profile.getByRole("button", { name: EN.deleteAccount, exact: true }).click();
      // The confirmation replaces the profile page.
      await tab.profile.getByRole("checkbox", { name: EN.confirmDeletion }).check();
      await tab.profile.getByRole("button", { name: EN.delete, exact: true }).click();
      await waitForState(tab.page, "signed-out");
      await tab.auth.locator("input[type='email']").waitFor();
    });
    expect(await tab.page.locator("hanko-profile").count()).toBe(0);
    expect(await tab.page.locator("#sign-out").isHidden()).toBe(true);
    expect((await meOf(tab.page)).status).toBe(401);
    await tab.context.close();
    main = undefined;
  });
});

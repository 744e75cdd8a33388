// The sign-in page in a real browser against the real server: the page loads, hanko-elements comes from our
// own server and renders <hanko-auth>, which starts a login flow at the API. Only what holds whether or not
// the Flow API exists yet is asserted.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page, Request } from "playwright-core";
import { browserAvailable, launchBrowser } from "../support/browser.ts";
import { startStack, type Stack } from "./stack.ts";

describe.skipIf(!browserAvailable())("e2e: the sign-in page in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("request", (request) => requests.push(request));
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(stack.pageUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test("the page loads the elements bundle from our server and defines the elements", async () => {
    await page.waitForFunction(() => customElements.get("hanko-auth") !== undefined && customElements.get("hanko-profile") !== undefined);
    const bundle = requests.find((r) => r.url() === `${stack.pageOrigin}/elements.js`);
    expect(bundle).toBeDefined();
    expect((await bundle!.response())?.status()).toBe(200);
    // Nothing but our page and the API is contacted: no CDN.
    for (const request of requests) expect([stack.pageOrigin, stack.apiUrl]).toContain(new URL(request.url()).origin);
    expect(await page.title()).toContain("Hanko E2E");
    expect(await page.locator("header h1").textContent()).toBe("Hanko E2E");
  });

  test("<hanko-auth> renders into its shadow root, signed out", async () => {
    await page.waitForFunction(() => document.body.dataset.state === "signed-out", undefined, { timeout: 15_000 });
    const auth = page.locator("hanko-auth");
    expect(await auth.count()).toBe(1);
    await page.waitForFunction(() => (document.querySelector("hanko-auth")?.shadowRoot?.childElementCount ?? 0) > 0);
    expect(await page.locator("hanko-profile").count()).toBe(0);
    expect(await page.locator("#sign-out").isHidden()).toBe(true);
  });

  test("<hanko-auth> starts a login flow at the configured API", async () => {
    const deadline = Date.now() + 15_000;
    const isLogin = (r: Request) => r.method() === "POST" && r.url().startsWith(`${stack.apiUrl}/login`);
    while (!requests.some(isLogin) && Date.now() < deadline) await Bun.sleep(100);
    expect(requests.filter(isLogin).length).toBeGreaterThan(0);
  });

  test("no script error and no CSP violation on the page", async () => {
    // Give the elements a moment to settle whichever state the API put them in.
    await page.waitForTimeout(500);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});

// Debian's Chromium driven by playwright-core, for end-to-end tests of hanko-elements against the real
// server. No Playwright-managed browser download: CI installs the `chromium` package (.ci/run); locally,
// suites skip when it is missing unless TEST_REQUIRE_BROWSER=1 turns that into a failure.

import { existsSync } from "node:fs";
import { chromium, type Browser, type CDPSession, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether Debian's Chromium is installed. With TEST_REQUIRE_BROWSER=1 a missing browser throws instead,
 * so CI cannot silently skip the end-to-end suites.
 */
export function browserAvailable(): boolean {
  const available = existsSync(CHROMIUM_PATH);
  if (!available && process.env.TEST_REQUIRE_BROWSER === "1") {
    throw new Error(`TEST_REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} is missing; install it with: apt-get install -y chromium`);
  }
  return available;
}

/** A headless Chromium; every launch starts from a fresh temporary user-data directory (no cookies, no passkeys). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface VirtualAuthenticator {
  /** The CDP session the authenticator lives on; keep it (closing it removes the authenticator). */
  cdp: CDPSession;
  authenticatorId: string;
}

/**
 * Adds a CDP virtual authenticator to `page`: a platform authenticator (ctap2, internal transport) with
 * resident keys and user verification that answers every request without a prompt. It stays until the page
 * closes, so passkeys created on the page can be used again. Note Chromium's virtual environment answers a
 * conditional-mediation request (passkey autofill) at once when a matching passkey exists, without a focus
 * or a click, and rejects it (NotAllowedError) when none does.
 */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A credential as the authenticator holds it, private key included, so it can be added to another one. */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  /** base64 PKCS#8 */
  privateKey: string;
  /** base64 */
  userHandle?: string;
  signCount: number;
  backupEligibility?: boolean;
  backupState?: boolean;
  userName?: string;
  userDisplayName?: string;
}

/** The credentials (passkeys) the virtual authenticator holds. */
export async function listCredentials(authenticator: VirtualAuthenticator): Promise<VirtualCredential[]> {
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.authenticatorId });
  return credentials;
}

/** Puts `credential` (from listCredentials, maybe of another page's authenticator) into this authenticator. */
export async function addCredential(authenticator: VirtualAuthenticator, credential: VirtualCredential): Promise<void> {
  await authenticator.cdp.send("WebAuthn.addCredential", { authenticatorId: authenticator.authenticatorId, credential });
}

/** Empties the authenticator, e.g. so passkey autofill (conditional mediation) cannot sign in on its own. */
export async function clearCredentials(authenticator: VirtualAuthenticator): Promise<void> {
  await authenticator.cdp.send("WebAuthn.clearCredentials", { authenticatorId: authenticator.authenticatorId });
}

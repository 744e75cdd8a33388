// The HTML of the sign-in page. Everything runs in one inline module script (allowed by a per-request CSP
// nonce): it registers hanko-elements against the API, then shows <hanko-auth> while signed out and
// <hanko-profile> with a sign-out button while signed in, switching on the SDK's session events.

export interface PageOptions {
  serviceName: string;
  /** The public API as the browser reaches it, without a trailing slash. */
  apiUrl: string;
  /** The CSP nonce of this response (base64). */
  nonce: string;
}

export function signInPageHtml({ serviceName, apiUrl, nonce }: PageOptions): string {
  const name = escapeHtml(serviceName);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="hanko-api" content="${escapeHtml(apiUrl)}">
<title>Sign in – ${name}</title>
<style nonce="${nonce}">
body{font-family:system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.75rem 1.5rem;background:#fff;border-bottom:1px solid #d0d7de}
header h1{font-size:1.05rem;margin:0}
main{display:flex;flex-direction:column;align-items:center;gap:1rem;padding:2rem 1rem}
#status{margin:0;color:#59636e;font-size:.9rem}
#sign-out{font:inherit;padding:.4rem .9rem;border:1px solid #d0d7de;border-radius:6px;background:#fff;cursor:pointer}
#sign-out:hover{background:#f3f4f6}
[hidden]{display:none!important}
</style>
</head>
<body data-state="loading">
<header>
<h1>${name}</h1>
<button id="sign-out" type="button" hidden>Sign out</button>
</header>
<main>
<p id="status" role="status">Loading…</p>
<div id="slot"></div>
</main>
<noscript><p>This page needs JavaScript: the sign-in components run in your browser.</p></noscript>
<script type="module" nonce="${nonce}">
import { register } from "/elements.js";

const apiUrl = ${scriptString(apiUrl)};
const nonce = ${scriptString(nonce)};
const slot = document.getElementById("slot");
const status = document.getElementById("status");
const signOut = document.getElementById("sign-out");

let shown;
function show(signedIn) {
  // Events may repeat (say, an expiry while signed out); recreating <hanko-auth> would restart its flow.
  if (shown === signedIn) return;
  shown = signedIn;
  const element = document.createElement(signedIn ? "hanko-profile" : "hanko-auth");
  // Lets the elements' own <style> pass the CSP.
  element.setAttribute("nonce", nonce);
  slot.replaceChildren(element);
  signOut.hidden = !signedIn;
  status.textContent = signedIn ? "You are signed in." : "Sign in or create an account.";
  document.body.dataset.state = signedIn ? "signed-in" : "signed-out";
}

try {
  const { hanko } = await register(apiUrl);
  hanko.onSessionCreated(() => show(true));
  hanko.onUserLoggedOut(() => show(false));
  hanko.onSessionExpired(() => show(false));
  hanko.onUserDeleted(() => show(false));
  signOut.addEventListener("click", () => {
    hanko.logout().catch(() => show(false));
  });
  let signedIn = false;
  try {
    signedIn = (await hanko.validateSession()).is_valid === true;
  } catch {
    // The API did not answer; offer the sign-in, which reports the error itself.
  }
  show(signedIn);
} catch (error) {
  status.textContent = "The sign-in components could not start: " + error;
  document.body.dataset.state = "error";
}
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A JavaScript string literal that cannot end the surrounding <script>. */
function scriptString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import { parseListenAddress } from "../listen-address.ts";
import { ELEMENTS_JS } from "./elements-bundle.ts";
import { signInPageHtml } from "./page.ts";

const ELEMENTS_ETAG = `"${new Bun.CryptoHasher("sha256").update(ELEMENTS_JS).digest("base64url").slice(0, 32)}"`;

/**
 * Our sign-in page (sign_in_page.address, default :8888; off unless sign_in_page.enabled): `GET /` embeds
 * hanko-elements talking to the public API, `GET /elements.js` is the elements bundle carried in the
 * executable. Everything else is 404.
 */
export function signInPageApp(config: Config) {
  const apiUrl = signInPageApiUrl(config);
  const apiOrigin = new URL(apiUrl).origin;
  const serviceName = config.service.name;

  return new Elysia({ name: "sign-in-page" })
    .onRequest(({ set }) => {
      set.headers["x-content-type-options"] = "nosniff";
    })
    .get("/", ({ set }) => {
      const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
      set.headers["content-type"] = "text/html; charset=utf-8";
      set.headers["cache-control"] = "no-store";
      set.headers["referrer-policy"] = "no-referrer";
      set.headers["content-security-policy"] = contentSecurityPolicy(nonce, apiOrigin);
      return signInPageHtml({ serviceName, apiUrl, nonce });
    })
    .get("/elements.js", ({ request, set }) => {
      set.headers["content-type"] = "text/javascript; charset=utf-8";
      set.headers["cache-control"] = "no-cache";
      set.headers.etag = ELEMENTS_ETAG;
      if (request.headers.get("if-none-match") === ELEMENTS_ETAG) {
        set.status = 304;
        return "";
      }
      return ELEMENTS_JS;
    })
    .onError(({ code, set }) => {
      if (code !== "NOT_FOUND") return;
      set.status = 404;
      set.headers["content-type"] = "text/plain; charset=utf-8";
      return "Not Found";
    });
}

/** sign_in_page.api_url, or http://localhost:<port of server.public.address> when empty; no trailing slash. */
export function signInPageApiUrl(config: Config): string {
  const configured = config.sign_in_page.api_url.trim();
  if (configured !== "") return configured.replace(/\/+$/, "");
  return `http://localhost:${parseListenAddress(config.server.public.address).port}`;
}

// Only this server and the API: scripts and styles of our own plus the inline ones carrying the nonce
// (the page's script and the styles hanko-elements put into its shadow roots).
function contentSecurityPolicy(nonce: string, apiOrigin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    `connect-src 'self' ${apiOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

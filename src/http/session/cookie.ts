import type { Config } from "../../config/schema.ts";

export type CookieSettings = Config["session"]["cookie"];

const SAME_SITE = { strict: "Strict", lax: "Lax", none: "None" } as const;

/** Hanko's fallback when `session.cookie.name` is empty. */
export function cookieName(settings: CookieSettings): string {
  return settings.name === "" ? "hanko" : settings.name;
}

function attributes(settings: CookieSettings): string[] {
  const parts = ["Path=/"];
  if (settings.domain !== "") parts.push(`Domain=${settings.domain}`);
  if (settings.http_only) parts.push("HttpOnly");
  if (settings.secure) parts.push("Secure");
  parts.push(`SameSite=${SAME_SITE[settings.same_site]}`);
  return parts;
}

/** The session cookie; without `maxAgeSeconds` it is a browser-session cookie. */
export function sessionCookie(settings: CookieSettings, token: string, maxAgeSeconds?: number): string {
  const maxAge = maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`];
  return [`${cookieName(settings)}=${token}`, ...attributes(settings), ...maxAge].join("; ");
}

/** Removes the session cookie: same name, domain, path and flags, empty value. */
export function deletionCookie(settings: CookieSettings): string {
  return [`${cookieName(settings)}=`, ...attributes(settings), "Max-Age=0"].join("; ");
}

/** Values of every cookie named `name` in a Cookie header, in order. */
export function cookieValues(header: string | null, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === name) values.push(pair.slice(eq + 1).trim());
  }
  return values;
}

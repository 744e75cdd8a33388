import { cookieValues } from "./cookie.ts";

/**
 * Where a request may carry its session token, in Hanko's order: every `Authorization: Bearer`
 * value first (the scheme matched case-insensitively), then every cookie with the session cookie's
 * name. The first candidate that validates wins.
 */
export function tokenCandidates(request: Request, cookieName: string): string[] {
  const candidates: string[] = [];
  const authorization = request.headers.get("authorization");
  // Repeated headers arrive joined by ", "; a compact JWT contains neither character.
  for (const value of authorization?.split(/,\s*/) ?? []) {
    if (value.slice(0, 6).toLowerCase() === "bearer") {
      const token = value.slice(6).trim();
      if (token !== "") candidates.push(token);
    }
  }
  candidates.push(...cookieValues(request.headers.get("cookie"), cookieName).filter((v) => v !== ""));
  return candidates;
}

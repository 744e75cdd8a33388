/**
 * Hanko's audit-log masking (MaskEmail and MaskUsername in Hanko's backend/utils/mask.go, applied by
 * backend/audit_log/logger.go, at @teamhanko/hanko-elements@2.7.0), applied to the actor email and to
 * `details.email` and `details.username` before either sink sees them. Lengths count characters;
 * empty values stay empty.
 */
export function maskEmail(email: string): string {
  if (email === "") return email;
  const at = email.indexOf("@");
  const local = [...(at < 0 ? email : email.slice(0, at))];
  const domain = at < 0 ? "" : email.slice(at);
  if (local.length === 0) return `******${domain}`;
  if (local.length <= 6) return `${local[0]}${"*".repeat(5)}${domain}`;
  return `${local.slice(0, 3).join("")}${"*".repeat(local.length - 3)}${domain}`;
}

export function maskUsername(username: string): string {
  const chars = [...username];
  if (chars.length === 0) return username;
  if (chars.length === 1) return "*";
  const [first, last] = [chars[0], chars[chars.length - 1]];
  if (chars.length <= 3) return `${first}****${last}`;
  return `${first}${"*".repeat(chars.length - 2)}${last}`;
}

/** A copy of `details` with the string `email` and `username` entries masked; other keys untouched. */
export function maskDetails(details: Record<string, unknown>): Record<string, unknown> {
  const masked = { ...details };
  if (typeof masked.email === "string") masked.email = maskEmail(masked.email);
  if (typeof masked.username === "string") masked.username = maskUsername(masked.username);
  return masked;
}

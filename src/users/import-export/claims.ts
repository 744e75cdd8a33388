import type { UniqueValueKind } from "../../store/user-views.ts";

/** A value that must be unique across all users, as one import entry asks for it. */
export interface Claim {
  kind: ClaimKind;
  /** as it will be stored (addresses and usernames lower-cased) */
  value: string;
  /** index of the entry in the file's array */
  entry: number;
  /** where in the entry, e.g. `emails[1].address` */
  path: string;
}

export type ClaimKind = UniqueValueKind;

/** `entry 3: emails[1].address: "a@example.com" …` */
export function claimError(claim: Claim, problem: string): string {
  return `entry ${claim.entry}: ${claim.path}: ${JSON.stringify(claim.value)} ${problem}`;
}

/**
 * Every value the file asks for twice, named at its later place with the earlier one. The
 * credentials of one entry may share a user handle: it is one handle of that user.
 */
export function duplicateClaims(claims: readonly Claim[]): string[] {
  const first = new Map<string, Claim>();
  const errors: string[] = [];
  for (const claim of claims) {
    const key = `${claim.kind}\u0000${claim.value}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, claim);
    else if (!(claim.kind === "user_handle" && earlier.entry === claim.entry)) {
      errors.push(claimError(claim, `is also used by entry ${earlier.entry} (${earlier.path})`));
    }
  }
  return errors;
}

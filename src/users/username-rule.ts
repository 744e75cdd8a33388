/** What a username may hold: ASCII letters, digits and underscores (`\w`, as Hanko checks it). */
export const USERNAME_CHARACTERS = /^\w+$/;

/** `username.min_length` and `username.max_length` of the configuration. */
export interface UsernameLengths {
  min_length: number;
  max_length: number;
}

export type UsernameCheck = { ok: true; username: string } | { ok: false; problem: string };

/**
 * A username as the flows take it and sign-in looks it up: trimmed and lower-cased, of word
 * characters only and within the configured lengths. The flows apply the same rules through their
 * inputs; whatever else stores a username (the admin API, the import) checks it here, so that no
 * stored username is one its owner cannot sign in with.
 */
export function checkUsername(given: string, lengths: UsernameLengths): UsernameCheck {
  const username = given.trim().toLowerCase();
  if (!USERNAME_CHARACTERS.test(username)) return { ok: false, problem: "username is invalid" };
  if (username.length < lengths.min_length) {
    return { ok: false, problem: `username must be at least ${lengths.min_length} characters long` };
  }
  if (username.length > lengths.max_length) {
    return { ok: false, problem: `username must not be longer than ${lengths.max_length} characters` };
  }
  return { ok: true, username };
}

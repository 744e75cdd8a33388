import type { UserRecord } from "../store/users.ts";
import { goTime } from "../gocompat/time.ts";

/** Hanko's username object, in the profile and the admin API alike. */
export function usernameDto(username: NonNullable<UserRecord["username"]>) {
  return { id: username.id, username: username.username, created_at: goTime(username.createdAt), updated_at: goTime(username.updatedAt) };
}

import type { UsernameView } from "../store/user-views.ts";
import { goTime } from "../gocompat/time.ts";

/** Hanko's username object, in the profile and the admin API alike. */
export function usernameDto(username: UsernameView) {
  return { id: username.id, username: username.username, created_at: goTime(username.createdAt), updated_at: goTime(username.updatedAt) };
}

import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";
import { type ProfileView, userViews } from "../store/user-views.ts";

/** Everything Hanko's ProfileData shows of a user, or undefined when there is no such user. */
export function loadProfile(db: Kysely<Database>, userId: string): Promise<ProfileView | undefined> {
  return userViews(db).profile(userId);
}

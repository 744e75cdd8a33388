import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database } from "../db/tables.ts";
import { adminUserRecords, type ListedUser } from "./admin-user-records.ts";

export interface UserListFilter {
  /** canonical UUIDs; empty: any user */
  userIds: string[];
  /** substring of an address (SQL LIKE, so `%` and `_` are wildcards); empty: no condition */
  email: string;
  /** substring of the username, likewise */
  username: string;
}

export interface UserListPage {
  offset: number;
  limit: number;
  direction: "asc" | "desc";
}

/**
 * The admin API's user list. Users with neither an email nor a username are never listed (they
 * cannot sign in with anything the list would show); when both an email and a username filter are
 * given, a user matching either is listed.
 */
export function userListStore(db: Kysely<Database>) {
  return {
    async count(filter: UserListFilter): Promise<number> {
      const row = await db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll().as("count"))
        .where(matching(filter))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** One page, oldest or newest first; equal creation times are ordered by id so pages do not overlap. */
    async page(filter: UserListFilter, page: UserListPage): Promise<ListedUser[]> {
      const users = await db
        .selectFrom("users")
        .selectAll()
        .where(matching(filter))
        .orderBy("created_at", page.direction)
        .orderBy("id", page.direction)
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return adminUserRecords(db, users);
    },
  };
}

function matching(filter: UserListFilter) {
  return (eb: ExpressionBuilder<Database, "users">) => {
    const withEmail = (pattern?: string) => {
      const emails = eb.selectFrom("emails").select("emails.id").whereRef("emails.user_id", "=", "users.id");
      return eb.exists(pattern === undefined ? emails : emails.where("emails.address", "like", pattern));
    };
    const withUsername = (pattern?: string) => {
      const usernames = eb.selectFrom("usernames").select("usernames.id").whereRef("usernames.user_id", "=", "users.id");
      return eb.exists(pattern === undefined ? usernames : usernames.where("usernames.username", "like", pattern));
    };
    const { email, username, userIds } = filter;
    const conditions = [
      email !== "" && username !== ""
        ? eb.or([withEmail(`%${email}%`), withUsername(`%${username}%`)])
        : email !== ""
          ? withEmail(`%${email}%`)
          : username !== ""
            ? withUsername(`%${username}%`)
            : eb.or([withEmail(), withUsername()]),
    ];
    if (userIds.length > 0) conditions.push(eb("users.id", "in", userIds));
    return eb.and(conditions);
  };
}

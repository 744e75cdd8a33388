import type { Kysely } from "kysely";
import type { Database } from "../../db/tables.ts";
import { userViews } from "../../store/user-views.ts";
import { type Claim, claimError } from "./claims.ts";

/** Values per `IN (…)` list, well below every dialect's limit on bound parameters. */
const CHUNK = 500;

/** The claims the database already holds, each named with the user that holds the value. */
export async function databaseConflicts(db: Kysely<Database>, claims: readonly Claim[]): Promise<string[]> {
  const views = userViews(db);
  const errors: string[] = [];
  const kinds = [...new Set(claims.map((c) => c.kind))];
  for (const kind of kinds) {
    const ofKind = claims.filter((c) => c.kind === kind);
    const values = [...new Set(ofKind.map((c) => c.value))];
    const owners = new Map<string, string | null>();
    for (let start = 0; start < values.length; start += CHUNK) {
      for (const row of await views.holders(kind, values.slice(start, start + CHUNK))) owners.set(row.value, row.owner);
    }
    for (const claim of ofKind) {
      if (!owners.has(claim.value)) continue;
      const owner = owners.get(claim.value);
      if (kind === "user_id") errors.push(claimError(claim, "is already a user in the database"));
      else errors.push(claimError(claim, owner ? `already belongs to user ${owner}` : "is already in the database, owned by no user"));
    }
  }
  return errors;
}

import { type Clock, systemClock } from "../../clock/clock.ts";
import type { Db } from "../../db/connect.ts";
import { inTransaction } from "../../db/transaction.ts";
import { databaseConflicts } from "./database-conflicts.ts";
import { writeImportedUsers } from "./import-writer.ts";
import { validateEntries } from "./validate-entries.ts";
import type { UsernameLengths } from "../username-rule.ts";

export interface ImportOutcome {
  imported: number;
  /** every problem found; when there is any, nothing was written */
  errors: string[];
}

/**
 * Imports the users of an import file (its text), all or none: the file is checked in full, then
 * against the database, and only a file without problems is written, in one transaction. Times the
 * file leaves out are the clock's.
 */
export async function importUsers(
  db: Db,
  text: string,
  usernameLengths: UsernameLengths,
  clock: Clock = systemClock,
): Promise<ImportOutcome> {
  const validation = validateEntries(text, usernameLengths, clock.now());
  if (validation.users.length === 0) return { imported: 0, errors: validation.errors };
  // Checked inside the transaction that writes, so that little can slip in between check and write.
  return inTransaction(db, async (tx) => {
    const errors = [...validation.errors, ...(await databaseConflicts(tx, validation.claims))];
    if (errors.length > 0) return { imported: 0, errors };
    await writeImportedUsers(tx, validation.users);
    return { imported: validation.users.length, errors: [] };
  });
}

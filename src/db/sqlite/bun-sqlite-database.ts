import type { Database as BunDatabase } from "bun:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Presents bun:sqlite in the shape Kysely's SqliteDialect drives (the better-sqlite3 interface),
 * so the dialect, its query compiler and its transaction handling are Kysely's own.
 */
export function asKyselySqliteDatabase(db: BunDatabase): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql);
      return {
        reader: statement.columnNames.length > 0,
        all: (parameters) => statement.all(...(parameters as never[])) as unknown[],
        run: (parameters) => statement.run(...(parameters as never[])),
        iterate: (parameters) => statement.iterate(...(parameters as never[])) as IterableIterator<unknown>,
      };
    },
  };
}

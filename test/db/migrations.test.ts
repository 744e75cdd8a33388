import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import type { Db } from "../../src/db/connect.ts";
import { migrationsFor } from "../../src/db/migrations/catalog.ts";
import { migrateDown, migrateUp, pendingMigrations } from "../../src/db/migrations/migrator.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

const HANKO_TABLES = [
  "audit_logs",
  "emails",
  "flows",
  "identities",
  "jwks",
  "otp_secrets",
  "passcodes",
  "password_credentials",
  "primary_emails",
  "saml_certificates",
  "saml_identities",
  "saml_idp_initiated_requests",
  "saml_states",
  "sessions",
  "tokens",
  "trusted_devices",
  "user_metadata",
  "usernames",
  "webauthn_credential_transports",
  "webauthn_credential_user_handles",
  "webauthn_credentials",
  "webauthn_session_data",
  "webauthn_session_data_allowed_credentials",
  "webhook_events",
  "webhooks",
  "users",
].sort();
/** Ours, beside Hanko's: the webhook outbox, in a migration of its own. */
const OUR_TABLES = ["webhook_deliveries"];
const ALL_TABLES = [...HANKO_TABLES, ...OUR_TABLES].sort();

async function tableNames(db: Db): Promise<string[]> {
  return (await db.kysely.introspection.getTables())
    .map((t) => t.name)
    .filter((n) => n !== "schema_migration")
    .sort();
}

describe.each(await testDatabases())("migrations on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database, { migrated: false }));
  });

  afterAll(() => dispose());

  test("up creates every table of Hanko's schema and records the version pop-style", async () => {
    expect(await pendingMigrations(db)).toHaveLength(migrationsFor(db.family).length);
    const report = await migrateUp(db);
    expect(report.applied).toEqual(migrationsFor(db.family).map((m) => `${m.version}_${m.name}`));
    expect(await tableNames(db)).toEqual(ALL_TABLES);
    const versions = await sql<{ version: string }>`select version from schema_migration`.execute(db.kysely);
    expect(versions.rows.map((r) => String(r.version))).toContain("20260204151021");
    expect(await pendingMigrations(db)).toEqual([]);
  });

  test("up again changes nothing", async () => {
    expect((await migrateUp(db)).applied).toEqual([]);
    expect(await tableNames(db)).toEqual(ALL_TABLES);
  });

  test("a database Hanko migrated (versions recorded) counts as up to date", async () => {
    await sql`insert into schema_migration (version) values ('20220406123755')`.execute(db.kysely);
    expect(await pendingMigrations(db)).toEqual([]);
    await sql`delete from schema_migration where version = '20220406123755'`.execute(db.kysely);
  });

  test("down 1 reverts only the newest migration, the outbox, and leaves Hanko's schema", async () => {
    const report = await migrateDown(db, 1);
    expect(report.applied).toEqual([migrationsFor(db.family).at(-1)!].map((m) => `${m.version}_${m.name}`));
    expect(await tableNames(db)).toEqual(HANKO_TABLES);
    expect(await pendingMigrations(db)).toHaveLength(1);
  });

  test("down all the way leaves no table behind", async () => {
    expect((await migrateDown(db, 5)).applied).toHaveLength(migrationsFor(db.family).length - 1);
    expect(await tableNames(db)).toEqual([]);
    expect(await pendingMigrations(db)).toHaveLength(migrationsFor(db.family).length);
  });

  test("down with nothing applied reverts nothing", async () => {
    expect((await migrateDown(db, 3)).applied).toEqual([]);
  });

  test("up after down rebuilds the schema", async () => {
    await migrateUp(db);
    expect(await tableNames(db)).toEqual(ALL_TABLES);
  });
});

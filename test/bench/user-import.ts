// `bun test/bench/user-import.ts`: imports 10,000 users into a scratch database of every kind that
// is reachable (SQLite always, PostgreSQL and MySQL when they answer) through the code `hanko user
// import` runs, and prints the seconds each took. The target is under 10 s per database.
import { importUsers } from "../../src/users/import-export/import-users.ts";
import { openScratch, testDatabases } from "../support/databases.ts";
import { defaultConfig } from "../../src/config/schema.ts";

const USERS = Number(process.env.BENCH_USERS ?? 10_000);

// Hashing is not what is measured: one argon2id hash serves every user.
const hash = await Bun.password.hash("bench password", { algorithm: "argon2id", memoryCost: 4096, timeCost: 1 });

/** Every user has an address, a username and a password; every tenth a passkey with two transports. */
function benchFile(): string {
  const entries = Array.from({ length: USERS }, (_, i) => ({
    user_id: crypto.randomUUID(),
    emails: [{ address: `user${i}@example.com`, is_primary: true, is_verified: i % 2 === 0 }],
    username: `user${i}`,
    password: { password: hash },
    webauthn_credentials:
      i % 10 === 0
        ? [
            {
              id: Buffer.from(`credential-${i}`).toString("base64url"),
              public_key: Buffer.from(`public-key-${i}`).toString("base64url"),
              attestation_type: "none",
              transports: ["internal", "hybrid"],
            },
          ]
        : [],
    created_at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
  }));
  return JSON.stringify(entries);
}

const file = benchFile();
for (const database of await testDatabases()) {
  const scratch = await openScratch(database);
  try {
    const start = performance.now();
    const outcome = await importUsers(scratch.db, file, defaultConfig().username);
    const seconds = (performance.now() - start) / 1000;
    if (outcome.errors.length > 0) throw new Error(`import failed on ${database.family}: ${outcome.errors.slice(0, 3).join("; ")}`);
    console.log(`${database.family.padEnd(8)} ${outcome.imported} users imported in ${seconds.toFixed(2)} s`);
  } finally {
    await scratch.dispose();
  }
}

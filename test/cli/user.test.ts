import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { user } from "../../src/cli/user.ts";
import { runCli } from "../support/cli.ts";
import { ManualClock } from "../support/clock.ts";
import { sqliteSettings, writeConfigFile } from "../support/config.ts";

const USERS = [
  { user_id: "a9ae6bc8-d829-43de-b672-f50230833877", emails: [{ address: "ada@example.com", is_primary: true, is_verified: true }] },
  { username: "bob", password: { password: "$2a$12$mFbud0mLsD/q.WG7/9pNQemlAHs3H4o8zAv44gsUF1v1awsdqTh7." } },
];

/** A migrated SQLite database with its config file, and a directory for import and export files. */
async function migratedSqlite(): Promise<{ config: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "hanko-cli-user-"));
  const config = writeConfigFile(sqliteSettings(join(dir, "hanko.sqlite")));
  const migrated = await runCli(["migrate", "up", "--config", config]);
  if (migrated.code !== 0) throw new Error(`migrate up failed: ${migrated.stderr}`);
  return { config, dir };
}

describe("hanko user", () => {
  test.each([
    [["user"], "say import or export"],
    [["user", "delete"], 'unknown action "delete"'],
    [["user", "import"], "needs exactly one of --inputFile and --inputUrl"],
    [["user", "import", "-i", "a.json", "-u", "http://localhost/a.json"], "needs exactly one of --inputFile and --inputUrl"],
    [["user", "export"], "needs --outputFile"],
    [["user", "export", "-o", "out.json", "-i", "a.json"], "takes no --inputFile or --inputUrl"],
  ])("%p is a usage error", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage: hanko user import");
  });

  describe("on SQLite", () => {
    let config: string;
    let dir: string;

    beforeAll(async () => {
      ({ config, dir } = await migratedSqlite());
    });

    test("imports a file, then exports the users it created", async () => {
      const input = join(dir, "users.json");
      writeFileSync(input, JSON.stringify(USERS));
      const imported = await runCli(["user", "import", "-i", input, "--config", config]);
      expect(imported).toMatchObject({ code: 0, stdout: "imported 2 users\n" });

      const output = join(dir, "export.json");
      const exported = await runCli(["user", "export", "-o", output, "--config", config]);
      expect(exported).toMatchObject({ code: 0, stdout: `exported 2 users to ${output}\n` });
      const users = JSON.parse(readFileSync(output, "utf8")) as { emails: unknown; username: string | null; password: unknown }[];
      expect(users.map((u) => [u.emails, u.username, u.password !== null])).toContainEqual([null, "bob", true]);
      expect(users.map((u) => u.emails)).toContainEqual([{ address: "ada@example.com", is_primary: true, is_verified: true }]);
    });

    test("imports a file downloaded from --inputUrl", async () => {
      const server = Bun.serve({ port: 0, fetch: () => Response.json([{ username: "from_url" }]) });
      try {
        const result = await runCli(["user", "import", "-u", `http://127.0.0.1:${server.port}/users.json`, "--config", config]);
        expect(result).toMatchObject({ code: 0, stdout: "imported 1 user\n" });
      } finally {
        server.stop(true);
      }
    });

    test("a file with problems prints each one, imports nothing and fails with status 1", async () => {
      const input = join(dir, "bad.json");
      writeFileSync(input, JSON.stringify([{ username: "carol" }, { emails: [{ address: "x", is_primary: true }] }, {}]));
      const result = await runCli(["user", "import", "-i", input, "--config", config]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'entry 1: emails[0].address: "x" is not an email address\n' +
          "entry 2: needs emails, a username or a WebAuthn credential\n" +
          "no users imported: 2 problems\n",
      );
      const exported = join(dir, "after-bad.json");
      await runCli(["user", "export", "-o", exported, "--config", config]);
      expect(readFileSync(exported, "utf8")).not.toContain("carol");
    });

    test("an entry without times is created at the time of the command's clock", async () => {
      const input = join(dir, "timeless.json");
      writeFileSync(input, JSON.stringify([{ username: "timeless" }]));
      const clock = new ManualClock("2031-04-05T06:07:08.009Z");
      const out: string[] = [];
      const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), env: {}, clock };
      expect(await user.run(["import", "-i", input, "--config", config], io)).toBe(0);
      clock.advance(3_600_000);
      const output = join(dir, "timeless-export.json");
      expect(await user.run(["export", "-o", output, "--config", config], io)).toBe(0);
      const exported = JSON.parse(readFileSync(output, "utf8")) as { username: string; created_at: string; updated_at: string }[];
      expect(exported.find((u) => u.username === "timeless")).toMatchObject({
        created_at: "2031-04-05T06:07:08.009Z",
        updated_at: "2031-04-05T06:07:08.009Z",
      });
    });

    test("an input file that does not exist is an error naming it", async () => {
      const result = await runCli(["user", "import", "-i", join(dir, "missing.json"), "--config", config]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot read ${join(dir, "missing.json")}`);
    });
  });
});

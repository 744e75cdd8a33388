import { beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUN, MAIN, freePort, runCli, waitForOk } from "../support/cli.ts";
import { sqliteSettings, writeConfigFile } from "../support/config.ts";

describe("hanko cleanup", () => {
  test.each([
    [["cleanup", "--tables", "users"], "invalid table name(s): users"],
    [["cleanup", "-s", "0"], "--page-size must be a positive integer"],
    [["cleanup", "now"], 'unexpected argument "now"'],
  ])("%p is a usage error", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage: hanko cleanup");
  });

  describe("on SQLite", () => {
    let config: string;
    let file: string;
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const rows = (table: string) => new Database(file).query(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), "hanko-cli-cleanup-"));
      file = join(dir, "hanko.sqlite");
      config = writeConfigFile({ ...sqliteSettings(file), audit_log: { retention: "24h" } });
      const migrated = await runCli(["migrate", "up", "--config", config]);
      if (migrated.code !== 0) throw new Error(`migrate up failed: ${migrated.stderr}`);
      const db = new Database(file);
      const audit = db.prepare(
        "INSERT INTO audit_logs (id, type, meta_http_request_id, meta_source_ip, meta_user_agent, created_at, updated_at) VALUES (?, 'login_success', '', '', '', ?, ?)",
      );
      for (const age of [48, 30, 1]) audit.run(crypto.randomUUID(), hoursAgo(age), hoursAgo(age));
      const flow = db.prepare(
        "INSERT INTO flows (id, data, version, csrf_token, expires_at, created_at, updated_at) VALUES (?, '{}', 0, 'c', ?, ?, ?)",
      );
      for (const age of [2, -1]) flow.run(crypto.randomUUID(), hoursAgo(age), hoursAgo(3), hoursAgo(3));
      db.close();
    });

    test("counts what it would delete without --run and deletes nothing", async () => {
      const result = await runCli(["cleanup", "--config", config]);
      expect(result).toMatchObject({
        code: 0,
        stdout:
          "cleaning up audit_logs, flows, webauthn_session_data\n" +
          "would delete 2 audit_logs\nwould delete 1 flows\nwould delete 0 webauthn_session_data\n" +
          "this was a dry run; add --run to delete\n",
      });
      expect(rows("audit_logs").n).toBe(3);
    });

    test("deletes only the named tables' expired rows with --run", async () => {
      const result = await runCli(["cleanup", "-t", "audit_logs", "-s", "1", "--run", "-c", config]);
      expect(result).toMatchObject({ code: 0, stdout: "cleaning up audit_logs\ndeleted 2 audit_logs\n" });
      expect(rows("audit_logs").n).toBe(1);
      expect(rows("flows").n).toBe(2);
    });

    test("serve deletes expired rows on its own every cleanup.interval and stops cleanly", async () => {
      const port = freePort();
      const serving = writeConfigFile({
        ...sqliteSettings(file),
        audit_log: { retention: "24h" },
        server: { public: { address: `127.0.0.1:${port}` } },
        cleanup: { interval: "100ms" },
      });
      const server = Bun.spawn([BUN, MAIN, "serve", "public", "--config", serving], { stdout: "ignore", stderr: "pipe" });
      try {
        await waitForOk(`http://127.0.0.1:${port}/health/ready`);
        const deadline = Date.now() + 10_000;
        while (rows("flows").n > 1 && Date.now() < deadline) await Bun.sleep(50);
      } finally {
        server.kill("SIGTERM");
      }
      expect(await server.exited).toBe(0);
      expect(rows("flows").n).toBe(1);
      expect(await new Response(server.stderr).text()).toContain("deleted expired rows");
    });
  });
});

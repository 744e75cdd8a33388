import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { riskyDefaults } from "../../src/cli/serve.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { userStore } from "../../src/store/users.ts";
import { freePort, runCli, waitForOk } from "../support/cli.ts";
import { sqliteSettings, testConfig, writeConfigFile } from "../support/config.ts";

function sqliteConfigFile(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "hanko-cli-"));
  return writeConfigFile({ ...sqliteSettings(join(dir, "hanko.sqlite")), ...extra });
}

describe("the command line", () => {
  test("without a command it prints the usage and fails", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("Usage: hanko <command>");
  });

  test("--help lists every command and succeeds", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const name of ["serve", "migrate", "isready", "jwt", "version"]) expect(result.stdout).toContain(name);
  });

  test.each([["serve"], ["migrate"], ["isready"], ["jwt"], ["version"]])("%s --help explains the command", async (name) => {
    const result = await runCli([name, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: hanko ${name}`);
  });

  test("an unknown command is named and fails with status 2", async () => {
    const result = await runCli(["frobnicate"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  test("an unknown flag is named and fails with status 2", async () => {
    const result = await runCli(["serve", "all", "--colour"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--colour");
    expect(result.stderr).toContain("Usage: hanko serve");
  });

  test("serve without a known target fails with status 2", async () => {
    expect((await runCli(["serve"])).code).toBe(2);
    const result = await runCli(["serve", "everything"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown target "everything"');
  });

  test("migrate down needs a positive count", async () => {
    for (const args of [
      ["migrate", "down"],
      ["migrate", "down", "zero"],
      ["migrate", "down", "0"],
      ["migrate", "sideways"],
    ]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
    }
  });

  test("version prints the package version", async () => {
    const result = await runCli(["version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("a configuration error stops the command with a message naming the key", async () => {
    const config = sqliteConfigFile({ secrets: { keys: ["too-short"] } });
    const result = await runCli(["migrate", "up", "--config", config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("secrets.keys[0]");
  });

  test("a webhook callback webhooks.security refuses stops the command, naming the hook's key and the reason", async () => {
    const config = sqliteConfigFile({
      webhooks: { enabled: true, hooks: [{ callback: "https://169.254.169.254/latest", events: ["user"] }] },
    });
    const result = await runCli(["migrate", "up", "--config", config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("webhooks.hooks[0].callback");
    expect(result.stderr).toContain("IP '169.254.169.254' is a cloud metadata endpoint");
  });

  test("a --config path that does not exist is an error naming the path", async () => {
    const result = await runCli(["migrate", "up", "--config", "/nowhere/hanko.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("/nowhere/hanko.yaml");
  });
});

describe("migrate and isready", () => {
  test("migrate up applies, is idempotent, and migrate down reverts", async () => {
    const config = sqliteConfigFile();
    const first = await runCli(["migrate", "up", "--config", config]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("applied 20260204151021_hanko_schema");
    expect(first.stdout).toContain("applied 20261204120000_webhook_deliveries");
    const second = await runCli(["migrate", "up", "--config", config]);
    expect(second.stdout).toContain("database is up to date");
    const down = await runCli(["migrate", "down", "1", "--config", config]);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain("reverted 20261204120000_webhook_deliveries");
    const rest = await runCli(["migrate", "down", "1", "--config", config]);
    expect(rest.stdout).toContain("reverted 20260204151021_hanko_schema");
  });

  test("isready succeeds when the database answers", async () => {
    const result = await runCli(["isready", "--config", sqliteConfigFile()]);
    expect(result.code).toBe(0);
  });

  test("isready fails, naming the database, when it does not answer", async () => {
    const config = writeConfigFile({
      database: { url: `postgres://nobody@127.0.0.1:${freePort()}/none` },
      secrets: { keys: ["a-test-secret-of-enough-length"] },
    });
    const result = await runCli(["isready", "--config", config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("not ready: database");
  });

  test("isready --wait keeps trying until the deadline", async () => {
    const config = writeConfigFile({
      database: { url: `postgres://nobody@127.0.0.1:${freePort()}/none` },
      secrets: { keys: ["a-test-secret-of-enough-length"] },
    });
    const started = Date.now();
    const result = await runCli(["isready", "--wait", "1s", "--config", config]);
    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});

describe("jwt create", () => {
  test("starts a session for a user and prints a token that names it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hanko-cli-"));
    const path = join(dir, "hanko.sqlite");
    const config = writeConfigFile(sqliteSettings(path));
    expect((await runCli(["migrate", "up", "--config", config])).code).toBe(0);
    const db = openDatabase({ family: "sqlite", path });
    const user = await userStore(db.kysely).create({ email: { address: "cli@example.com", verified: true } });
    const result = await runCli(["jwt", "create", user.id, "--config", config, "--pretty=false"]);
    expect(result.code).toBe(0);
    const token = /^Token: (\S+)$/m.exec(result.stdout)?.[1] ?? "";
    expect(decodeJwt(token)).toMatchObject({ sub: user.id, email: { address: "cli@example.com" } });
    const sessionId = decodeJwt(token).session_id as string;
    expect(await db.kysely.selectFrom("sessions").select("user_id").where("id", "=", sessionId).executeTakeFirst()).toEqual({
      user_id: user.id,
    });
    await db.close();
  });

  test("needs a user id that is a UUID", async () => {
    const result = await runCli(["jwt", "create", "bob"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("UUID");
  });

  test("fails, naming the user, when no such user exists", async () => {
    const config = sqliteConfigFile();
    await runCli(["migrate", "up", "--config", config]);
    const id = crypto.randomUUID();
    const result = await runCli(["jwt", "create", id, "--config", config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`user ${id} does not exist`);
  });
});

describe("serve", () => {
  test("refuses to start on a database that is not migrated", async () => {
    const result = await runCli(["serve", "all", "--config", sqliteConfigFile()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("hanko migrate up");
  });

  test("serve all answers on both ports, isready sees it, and SIGTERM stops it cleanly", async () => {
    const [publicPort, adminPort] = [freePort(), freePort()];
    const config = sqliteConfigFile({ email_delivery: { transport: "console" } });
    expect((await runCli(["migrate", "up", "--config", config])).code).toBe(0);
    const env = { SERVER_PUBLIC_ADDRESS: `127.0.0.1:${publicPort}`, SERVER_ADMIN_ADDRESS: `127.0.0.1:${adminPort}` };
    const server = Bun.spawn([process.execPath, join(import.meta.dir, "..", "..", "src", "main.ts"), "serve", "all", "--config", config], {
      env: { ...env, PATH: process.env.PATH ?? "" },
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      await waitForOk(`http://127.0.0.1:${publicPort}/health/ready`);
      await waitForOk(`http://127.0.0.1:${adminPort}/health/ready`);
      expect((await runCli(["isready", "public", "--config", config], { env })).code).toBe(0);
      expect((await runCli(["isready", "admin", "--config", config], { env })).code).toBe(0);
    } finally {
      server.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    const log = await new Response(server.stderr).text();
    expect(log).toContain("shutting down");
    expect(log).toContain('"stopped"');
    expect(log).toContain("mails, passcodes included, are printed here and not sent (development only)");
  });

  /** What `serve public` logs from start until it is ready, on SQLite with Hanko's default secrets and `settings`. */
  async function startupLog(settings: Record<string, unknown>): Promise<string> {
    const port = freePort();
    const config = writeConfigFile({
      database: { dialect: "sqlite", database: join(mkdtempSync(join(tmpdir(), "hanko-cli-")), "hanko.sqlite") },
      server: { public: { address: `127.0.0.1:${port}` } },
      ...settings,
    });
    await runCli(["migrate", "up", "--config", config]);
    const server = Bun.spawn(
      [process.execPath, join(import.meta.dir, "..", "..", "src", "main.ts"), "serve", "public", "--config", config],
      { stdout: "ignore", stderr: "pipe" },
    );
    await waitForOk(`http://127.0.0.1:${port}/health/ready`);
    server.kill("SIGTERM");
    await server.exited;
    return new Response(server.stderr).text();
  }

  test("warns at start-up when Hanko's public demo secret is in use", async () => {
    expect(await startupLog({})).toContain("public demo secret");
  });

  test("warns at start-up about webhooks.security lists the mode ignores", async () => {
    const log = await startupLog({ webhooks: { security: { mode: "internal_only", blocked_cidrs: ["10.0.0.0/8"] } } });
    expect(log).toContain(
      "warning: webhooks.security.blocked_cidrs is set but ignored: internal_only mode applies no host, domain or CIDR list",
    );
  });

  test("warns at start-up, naming both keys, when the session cookie is SameSite=None without Secure", async () => {
    const log = await startupLog({ session: { cookie: { same_site: "none", secure: false } } });
    const warning = log.split("\n").find((line) => line.includes("session.cookie.same_site"));
    expect(JSON.parse(warning ?? "{}")).toMatchObject({ level: "warn" });
    expect(warning).toContain("session.cookie.secure");
  });

  test("the cookie warning is only for a cookie browsers drop, and only where the public API is served", () => {
    const cookieWarnings = (cookie: Record<string, unknown>, target: "public" | "admin" | "all") =>
      riskyDefaults(testConfig({ ...sqliteSettings(":memory:"), session: { cookie } }), target).filter((w) =>
        w.startsWith("session.cookie.same_site"),
      );
    expect(cookieWarnings({ same_site: "none", secure: false }, "all")).toHaveLength(1);
    expect(cookieWarnings({ same_site: "none", secure: true }, "all")).toEqual([]);
    expect(cookieWarnings({ same_site: "lax", secure: false }, "all")).toEqual([]);
    expect(cookieWarnings({ same_site: "none", secure: false }, "admin")).toEqual([]);
  });

  test("serve public serves only the public API", async () => {
    const [publicPort, adminPort] = [freePort(), freePort()];
    const config = sqliteConfigFile({
      server: { public: { address: `127.0.0.1:${publicPort}` }, admin: { address: `127.0.0.1:${adminPort}` } },
    });
    await runCli(["migrate", "up", "--config", config]);
    const server = Bun.spawn(
      [process.execPath, join(import.meta.dir, "..", "..", "src", "main.ts"), "serve", "public", "--config", config],
      { stdout: "ignore", stderr: "ignore" },
    );
    try {
      await waitForOk(`http://127.0.0.1:${publicPort}/health/alive`);
      await expect(fetch(`http://127.0.0.1:${adminPort}/health/alive`)).rejects.toThrow();
    } finally {
      server.kill("SIGTERM");
      await server.exited;
    }
  });
});

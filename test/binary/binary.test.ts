import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort, ROOT, runCli, waitForOk } from "../support/cli.ts";
import { testDatabases } from "../support/databases.ts";

/**
 * `make build` output, copied alone into an empty directory with nothing but a config file,
 * must run every command: the migrations and all code travel inside the executable.
 */
let dir: string;
let hanko: string[];
const serverDatabases = (await testDatabases()).filter((d) => d.family !== "sqlite");

beforeAll(async () => {
  const build = Bun.spawnSync(["make", "-s", "build"], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`make build failed: ${build.stderr.toString()}`);
  dir = mkdtempSync(join(tmpdir(), "hanko-binary-"));
  copyFileSync(join(ROOT, "dist", "hanko"), join(dir, "hanko"));
  Bun.spawnSync(["chmod", "+x", join(dir, "hanko")]);
  hanko = [join(dir, "hanko")];
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, settings: Record<string, unknown>): string {
  writeFileSync(join(dir, name), stringify({ secrets: { keys: ["a-test-secret-of-enough-length"] }, ...settings }));
  return name;
}

describe("the single executable", () => {
  test("prints its version and help", async () => {
    expect((await runCli(["version"], { cwd: dir, command: hanko })).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await runCli(["--help"], { cwd: dir, command: hanko })).stdout).toContain("migrate");
  });

  test("migrates an SQLite file and serves both APIs from an otherwise empty directory", async () => {
    expect(readdirSync(dir)).toEqual(["hanko"]);
    const [publicPort, adminPort] = [freePort(), freePort()];
    const config = writeConfig("config.yaml", {
      database: { dialect: "sqlite", database: "./data/hanko.sqlite" },
      server: { public: { address: `127.0.0.1:${publicPort}` }, admin: { address: `127.0.0.1:${adminPort}` } },
    });
    const migrate = await runCli(["migrate", "up", "--config", config], { cwd: dir, command: hanko });
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain("applied 20260204151021_hanko_schema");
    const server = Bun.spawn([...hanko, "serve", "all", "--config", config], { cwd: dir, stdout: "ignore", stderr: "pipe" });
    try {
      expect(await (await waitForOk(`http://127.0.0.1:${publicPort}/health/ready`)).json()).toEqual({ ready: true });
      expect(await (await waitForOk(`http://127.0.0.1:${adminPort}/health/ready`)).json()).toEqual({ ready: true });
    } finally {
      server.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  describe.each(serverDatabases)("against $family", (database) => {
    test("migrates and reports the database ready", async () => {
      const created = await database.create();
      try {
        const config = writeConfig(`config-${database.family}.yaml`, { database: { url: created.url } });
        expect((await runCli(["migrate", "up", "--config", config], { cwd: dir, command: hanko })).code).toBe(0);
        expect((await runCli(["isready", "--config", config], { cwd: dir, command: hanko })).code).toBe(0);
        expect((await runCli(["migrate", "down", "1", "--config", config], { cwd: dir, command: hanko })).code).toBe(0);
      } finally {
        await created.drop();
      }
    });
  });
});

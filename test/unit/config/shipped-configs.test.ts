import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";

const CONFIG_DIR = join(import.meta.dir, "..", "..", "..", "config");
const files = [join(CONFIG_DIR, "config.yaml"), ...readdirSync(join(CONFIG_DIR, "examples")).map((f) => join(CONFIG_DIR, "examples", f))];

describe("the configuration files we ship", () => {
  test.each(files)("%s loads without errors or warnings", (path) => {
    expect(loadConfig({ path, env: {} }).warnings).toEqual([]);
  });

  test("the development default uses SQLite and prints mail instead of sending it", () => {
    const { config } = loadConfig({ path: join(CONFIG_DIR, "config.yaml"), env: {} });
    expect(config.database.dialect).toBe("sqlite");
    expect(config.email_delivery.transport).toBe("console");
    expect(config.server.public.address).toBe(":8000");
    expect(config.server.admin.address).toEndWith(":8001");
  });
});

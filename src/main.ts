#!/usr/bin/env bun
import { systemClock } from "./clock/clock.ts";
import { ConfigError } from "./config/errors.ts";
import { cleanup } from "./cli/cleanup.ts";
import type { CliIo, Command } from "./cli/command.ts";
import { isready } from "./cli/isready.ts";
import { jwt } from "./cli/jwt.ts";
import { migrate } from "./cli/migrate.ts";
import { serve } from "./cli/serve.ts";
import { UsageError } from "./cli/usage-error.ts";
import { user } from "./cli/user.ts";
import { version } from "./cli/version.ts";

const COMMANDS: readonly Command[] = [serve, migrate, isready, jwt, user, cleanup, version];

const usage = `Usage: hanko <command> [arguments] [--config PATH]

A passkey-first authentication server, compatible with Hanko.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join("\n")}

Run "hanko <command> --help" for a command's arguments.
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${error.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    io.stderr(`hanko ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    clock: systemClock,
  };
  process.exitCode = await main(process.argv.slice(2), io);
}

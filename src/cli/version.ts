import { buildVersion } from "../app/build-version.ts";
import type { Command } from "./command.ts";
import { parseFlags } from "./flags.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage: hanko version

Prints the version of this build.
`;

export const version: Command = {
  name: "version",
  summary: "print the version",
  usage,
  async run(argv, io) {
    const { positionals } = parseFlags(argv, {}, usage);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, usage);
    io.stdout(`${buildVersion()}\n`);
    return 0;
  },
};

import packageJson from "../../package.json" with { type: "json" };
import type { Command } from "./command.ts";
import { parseFlags } from "./flags.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage: hanko version

Prints the version of this build.
`;

/** Set by `make build` (`--define`) to the git description of the commit built. */
declare const BUILD_COMMIT: string | undefined;

export function buildVersion(): string {
  const commit = typeof BUILD_COMMIT === "string" && BUILD_COMMIT !== "" ? ` (${BUILD_COMMIT})` : "";
  return `${packageJson.version}${commit}`;
}

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

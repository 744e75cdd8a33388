import { parseArgs } from "node:util";
import { UsageError } from "./usage-error.ts";

type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string; default?: string | boolean }>;

export interface Parsed<F extends FlagSpec> {
  values: { [K in keyof F]: F[K]["type"] extends "boolean" ? boolean : string | undefined };
  positionals: string[];
}

/** Parses a command's flags strictly: an unknown flag or a missing value is a usage error. */
export function parseFlags<F extends FlagSpec>(argv: string[], flags: F, usage: string): Parsed<F> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: flags,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as unknown as Parsed<F>["values"], positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
}

// No default here: the loader tells an explicit path (which must exist) from its own default (which may not).
export const CONFIG_FLAG = { config: { type: "string" } } as const;

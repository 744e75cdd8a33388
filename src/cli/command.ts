import type { Clock } from "../clock/clock.ts";

/** Where a command writes and what it reads from its environment; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  clock: Clock;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process exit status. */
  run(argv: string[], io: CliIo): Promise<number>;
}

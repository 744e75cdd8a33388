/**
 * Structured logging: one JSON object per line. Application messages go to stderr (as Hanko's do);
 * the access log has its own stream. Callers pass fields explicitly, so nothing reaches a log by
 * accident: never hand a secret, passcode, password or token to a logger.
 */
export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LineSink = (line: string) => void;

export const stderrSink: LineSink = (line) => process.stderr.write(`${line}\n`);
export const stdoutSink: LineSink = (line) => process.stdout.write(`${line}\n`);

export function createLogger(sink: LineSink = stderrSink, now: () => Date = () => new Date()): Logger {
  const write = (level: Level) => (message: string, fields?: Record<string, unknown>) =>
    sink(JSON.stringify({ level, time: now().toISOString(), message, ...fields }));
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

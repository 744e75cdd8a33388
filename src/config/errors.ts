/** One thing wrong with the configuration, attached to the key it concerns. */
export interface ConfigProblem {
  /** Key path as written in config.yaml, e.g. `secrets.keys[1]` or `third_party.providers.google.secret`. */
  path: string;
  /** `<what is wrong>; <what is allowed>` */
  message: string;
}

/** The configuration cannot be used. `message` lists every problem, one line per key. */
export class ConfigError extends Error {
  constructor(
    /** The config file path, or `defaults` when no file was read. */
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
    message?: string,
  ) {
    super(message ?? formatProblems(source, problems));
    this.name = "ConfigError";
  }
}

/** The config file could not be read or parsed. */
export class ConfigFileError extends ConfigError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(path, [], `cannot load configuration file "${path}": ${reason}`);
    this.name = "ConfigFileError";
  }
}

export function formatProblems(source: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
  return [`invalid configuration (${source}):`, ...lines].join("\n");
}

// Loads the configuration the way Hanko does: defaults → config.yaml → environment → post-processing →
// validation. The YAML is decoded like Hanko's mapstructure decoder: keys match case-insensitively,
// lists are replaced, unknown keys are ignored (we warn), and values are converted weakly
// ("true" and 1 become booleans, numbers become strings, a single value becomes a one-element list).

import { readFileSync } from "node:fs";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { parseDocument } from "yaml";
import {
  describeValue,
  elementSchema,
  expectation,
  isGoDuration,
  isGoUint,
  joinPath,
  kindOf,
  propertiesOf,
  whatIsWrong,
} from "./describe.ts";
import { applyEnvOverrides, ENV_VARIABLES } from "./env.ts";
import { ConfigError, ConfigFileError, type ConfigProblem } from "./errors.ts";
import { parseGoBool, parseGoInt, parseGoUint } from "../gocompat/strconv.ts";
import { ConfigSchema, defaultConfig, type Config } from "./schema.ts";
import { findConfigProblems } from "./validate.ts";
import { webhookSecurityWarnings } from "./webhook-security.ts";

export const DEFAULT_CONFIG_PATH = "./config/config.yaml";

export interface LoadConfigOptions {
  /** Config file; when omitted `./config/config.yaml` is used if it exists. */
  path?: string;
  /** Environment variables; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedConfig {
  config: Config;
  warnings: string[];
}

/** Throws ConfigFileError when the file cannot be read or parsed, ConfigError when the result is invalid. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const explicit = options.path !== undefined && options.path !== "";
  const path = explicit ? (options.path as string) : DEFAULT_CONFIG_PATH;
  const env = options.env ?? process.env;
  const warnings: string[] = [];
  const problems: ConfigProblem[] = [];

  let config = defaultConfig();
  let source = "defaults";
  const text = readConfigFile(path, explicit);
  if (text === undefined) {
    warnings.push(`configuration file "${path}" not found, using defaults and environment variables`);
  } else {
    source = path;
    const decoder = new Decoder(warnings, problems);
    config = decoder.decode(ConfigSchema, parseYaml(path, text), [], config) as Config;
  }

  problems.push(...applyEnvOverrides(config, env));
  warnings.push(...postProcess(config));
  problems.push(...findConfigProblems(config).map((p) => withEnvSource(p, env)));
  if (problems.length > 0) throw new ConfigError(source, problems);
  warnings.push(...webhookSecurityWarnings(config.webhooks.security));
  return { config, warnings };
}

/** A rule broken by a value from the environment names the variable, since the file is not to blame. */
function withEnvSource(problem: ConfigProblem, env: Readonly<Record<string, string | undefined>>): ConfigProblem {
  for (const [path, name] of Object.entries(ENV_VARIABLES)) {
    const concerns = problem.path === path || problem.path.startsWith(`${path}.`) || problem.path.startsWith(`${path}[`);
    if (concerns && env[name] !== undefined) return { ...problem, message: `${problem.message} (set by environment variable ${name})` };
  }
  return problem;
}

// Only a missing default file is tolerated; an explicitly named file must exist.
function readConfigFile(path: string, explicit: boolean): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === "ENOENT") return undefined;
    throw new ConfigFileError(path, code === "ENOENT" ? "no such file" : (error as Error).message);
  }
}

function parseYaml(path: string, text: string): Record<string, unknown> {
  const document = parseDocument(text, { merge: true, uniqueKeys: true });
  const [first] = document.errors;
  if (first) throw new ConfigFileError(path, `invalid YAML: ${first.message}`);
  const value: unknown = document.toJS({ maxAliasCount: 1000 });
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) throw new ConfigFileError(path, `the document is ${describeValue(value)}, not a mapping of keys`);
  return value;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

type Path = (string | number)[];

/**
 * Decodes a YAML value onto the current value of a schema node. Values that cannot be converted are
 * kept as they are so the validator reports them with their key; a mapping or list in the wrong place
 * is reported here and the current value is kept.
 */
class Decoder {
  constructor(
    private readonly warnings: string[],
    private readonly problems: ConfigProblem[],
  ) {}

  decode(schema: TSchema, input: unknown, path: Path, current: unknown): unknown {
    const kind = kindOf(schema);
    if (kind === "any") return structuredClone(input);
    // A key without a value (`key:`) leaves the current value alone, as in Hanko.
    if (input === null || input === undefined) return current;
    switch (kind) {
      case "object":
        return this.decodeObject(schema, input, path, current as Record<string, unknown>);
      case "map":
        return this.decodeMap(schema, input, path, current as Record<string, unknown>);
      case "list":
        return this.decodeList(schema, input, path, current);
      case "boolean":
        return weakBoolean(input);
      case "integer":
        return weakInteger(input, isGoUint(schema));
      default:
        return isGoDuration(schema) ? weakDuration(input) : weakString(input);
    }
  }

  private decodeObject(schema: TSchema, input: unknown, path: Path, current: Record<string, unknown>): unknown {
    if (!isMapping(input)) return this.wrongShape(schema, input, path, current);
    const properties = propertiesOf(schema);
    // Each property takes the exactly spelled key if present, else the first case-insensitive match.
    const propertyOfKey = new Map<string, string>();
    for (const name of Object.keys(properties)) {
      const key = name in input ? name : Object.keys(input).find((k) => !propertyOfKey.has(k) && k.toLowerCase() === name.toLowerCase());
      if (key !== undefined) propertyOfKey.set(key, name);
    }
    const result = { ...current };
    for (const [key, value] of Object.entries(input)) {
      const name = propertyOfKey.get(key);
      if (name === undefined) {
        this.warnings.push(`unknown configuration key "${joinPath([...path, key])}" is ignored`);
      } else {
        result[name] = this.decode(properties[name] as TSchema, value, [...path, name], current[name]);
      }
    }
    return result;
  }

  private decodeMap(schema: TSchema, input: unknown, path: Path, current: Record<string, unknown>): unknown {
    // Weak typing turns a list of mappings into one merged mapping (and an empty list into an empty one).
    const entries = Array.isArray(input) && input.every(isMapping) ? Object.assign({}, ...input) : input;
    if (!isMapping(entries)) return this.wrongShape(schema, input, path, current);
    const valueSchema = elementSchema(schema);
    const result = { ...current };
    for (const [key, value] of Object.entries(entries)) {
      result[key] = this.decode(valueSchema, value, [...path, key], Value.Create(valueSchema));
    }
    return result;
  }

  private decodeList(schema: TSchema, input: unknown, path: Path, current: unknown): unknown {
    let items: unknown[];
    if (Array.isArray(input)) items = input;
    else if (isMapping(input)) {
      if (Object.keys(input).length > 0) return this.wrongShape(schema, input, path, current);
      items = [];
    } else items = [input];
    const itemSchema = elementSchema(schema);
    return items.map((item, i) => this.decode(itemSchema, item, [...path, i], Value.Create(itemSchema)));
  }

  private wrongShape(schema: TSchema, input: unknown, path: Path, current: unknown): unknown {
    this.problems.push({ path: joinPath(path), message: `${whatIsWrong(schema, input)}; ${expectation(schema)}` });
    return current;
  }
}

function weakBoolean(input: unknown): unknown {
  if (typeof input === "number") return input !== 0;
  if (typeof input === "string") return input === "" ? false : (parseGoBool(input) ?? input);
  return input;
}

function weakInteger(input: unknown, unsigned: boolean): unknown {
  if (typeof input === "number") return Number.isFinite(input) ? Math.trunc(input) : input;
  if (typeof input === "boolean") return input ? 1 : 0;
  if (typeof input === "string") {
    const text = input === "" ? "0" : input;
    return (unsigned ? parseGoUint(text) : parseGoInt(text)) ?? input;
  }
  return input;
}

function weakString(input: unknown): unknown {
  if (typeof input === "number") return formatNumber(input);
  if (typeof input === "boolean") return input ? "1" : "0";
  return input;
}

// A YAML number for a Go time.Duration is a count of nanoseconds.
function weakDuration(input: unknown): unknown {
  if (typeof input === "number" && Number.isFinite(input)) return `${Math.trunc(input)}ns`;
  if (typeof input === "boolean") return input ? "1ns" : "0ns";
  return input;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
}

/** Hanko's post-processing: legacy conversions and normalisations. Returns warnings. */
function postProcess(config: Config): string[] {
  const warnings: string[] = [];
  if (config.convert_legacy_config === true) {
    config.email.limit = config.emails.max_num_of_addresses;
    config.email.require_verification = config.emails.require_verification;
    config.email.passcode_ttl = config.passcode.ttl;
    config.email_delivery.smtp = structuredClone(config.smtp);
    config.password.min_length = config.password.min_password_length;
    config.passkey.user_verification = config.webauthn.user_verification;
    config.webauthn.timeouts.login = config.webauthn.timeout;
    config.webauthn.timeouts.registration = config.webauthn.timeout;
    if (config.password.min_length === 0) {
      warnings.push(
        "convert_legacy_config copied password.min_password_length (0) onto password.min_length; set password.min_password_length to keep a minimum",
      );
    }
  }

  const serverSide = config.session.server_side;
  if (config.convert_legacy_server_side_session_config === true && serverSide.enabled === true) {
    config.session.allow_revocation = true;
    config.session.acquire_ip_address = true;
    config.session.acquire_user_agent = true;
    config.session.show_on_profile = true;
    config.session.limit = serverSide.limit;
    if (serverSide.limit === 0) {
      warnings.push(
        "convert_legacy_server_side_session_config copied session.server_side.limit (0) onto session.limit; set session.server_side.limit to keep a limit",
      );
    }
  }

  const customProviders: Config["third_party"]["custom_providers"] = {};
  for (const [key, provider] of Object.entries(config.third_party.custom_providers)) {
    const lower = key.toLowerCase();
    if (lower in customProviders) {
      warnings.push(`third_party.custom_providers has both "${lower}" and "${key}"; keys are case-insensitive and "${key}" wins`);
    }
    customProviders[lower] = provider;
  }
  config.third_party.custom_providers = customProviders;

  if (typeof config.saml.endpoint_url === "string" && config.saml.endpoint_url.endsWith("/")) {
    config.saml.endpoint_url = config.saml.endpoint_url.slice(0, -1);
  }

  if ((config.email.passcode_charset as string) === "") config.email.passcode_charset = "numeric";
  return warnings;
}

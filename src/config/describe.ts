// Reading the config schema generically (what kind of value a key holds) and describing values and
// expectations in error messages. Shared by the loader, the env overrides and the validator.

import { Kind, type TSchema } from "@sinclair/typebox";

export type ValueKind = "boolean" | "integer" | "string" | "enum" | "list" | "object" | "map" | "any";

export function kindOf(schema: TSchema): ValueKind {
  switch (schema[Kind]) {
    case "Boolean":
      return "boolean";
    case "Integer":
      return "integer";
    case "String":
      return "string";
    case "Union":
      return "enum";
    case "Array":
      return "list";
    case "Object":
      return "object";
    case "Record":
      return "map";
    default:
      return "any";
  }
}

/** A Go time.Duration field (YAML numbers are nanoseconds). */
export const isGoDuration = (schema: TSchema): boolean => schema.goType === "duration";
export const isGoUint = (schema: TSchema): boolean => schema.goType === "uint";
export const holdsDuration = (schema: TSchema): boolean => schema.format === "go-duration" || schema.format === "go-duration-or-empty";

export function enumValues(schema: TSchema): string[] {
  const variants = (schema.anyOf ?? []) as TSchema[];
  return variants.map((v) => String(v.const));
}

/** The element schema of a list or the value schema of a map. */
export function elementSchema(schema: TSchema): TSchema {
  if (kindOf(schema) === "list") return schema.items as TSchema;
  const patterns = (schema.patternProperties ?? {}) as Record<string, TSchema>;
  return Object.values(patterns)[0] as TSchema;
}

export function propertiesOf(schema: TSchema): Record<string, TSchema> {
  return (schema.properties ?? {}) as Record<string, TSchema>;
}

/** Follows dotted key segments from `root`; undefined when the path leaves the schema. */
export function schemaAt(root: TSchema, segments: readonly string[]): TSchema | undefined {
  let current: TSchema | undefined = root;
  for (const segment of segments) {
    if (current === undefined) return undefined;
    current = kindOf(current) === "object" ? propertiesOf(current)[segment] : undefined;
  }
  return current;
}

/** A value as it appears in a message: strings quoted, containers named. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

/** What the key accepts, for the `; <what is allowed>` half of a message. */
export function expectation(schema: TSchema): string {
  if (holdsDuration(schema)) {
    return schema.format === "go-duration-or-empty"
      ? "use a Go duration such as 12h, 30m or 1h30m, or leave it empty"
      : "use a Go duration such as 12h, 30m or 1h30m";
  }
  switch (kindOf(schema)) {
    case "boolean":
      return "use true or false";
    case "integer":
      return isGoUint(schema) ? "use a whole number of 0 or more" : "use a whole number";
    case "string":
      return "use a string";
    case "enum":
      return `use one of ${enumValues(schema).join(", ")}`;
    case "list":
      return "use a list";
    case "object":
    case "map":
      return "use a mapping of keys to values";
    default:
      return "use any value";
  }
}

/** `<what is wrong>` for a value of the wrong type or outside the allowed values. */
export function whatIsWrong(schema: TSchema, value: unknown): string {
  const shown = describeValue(value);
  if (holdsDuration(schema) && typeof value === "string") return `${shown} is not a duration`;
  switch (kindOf(schema)) {
    case "boolean":
      return `${shown} is not a boolean`;
    case "integer":
      if (typeof value === "number" && Number.isInteger(value) && value < 0) return `${shown} is negative`;
      return `${shown} is not a whole number`;
    case "string":
      return `${shown} is not a string`;
    case "enum":
      return typeof value === "string" ? `${shown} is not supported` : `${shown} is not a string`;
    case "list":
      return `${shown} is not a list`;
    case "object":
    case "map":
      return `${shown} is not a mapping`;
    default:
      return `${shown} is not allowed`;
  }
}

/** Renders key segments as `a.b[1].c`. */
export function joinPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? s : `.${s}`;
  }
  return out;
}

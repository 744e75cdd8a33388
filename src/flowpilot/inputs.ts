import { type InputError, InputErrors } from "./errors.ts";

export type InputType = "string" | "email" | "password" | "boolean" | "json";

/** An input an action declares. `required`/`hidden` are emitted only when set, `false` included, as Hanko does. */
export interface InputSpec {
  name: string;
  type: InputType;
  required?: boolean;
  hidden?: boolean;
  minLength?: number;
  maxLength?: number;
  trim?: boolean;
  lowercase?: boolean;
  /** Echo the submitted value in the response that follows (and `null` otherwise). */
  preserve?: boolean;
  allowedValues?: { value: unknown; name: string }[];
}

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;

/** Trims and lower-cases declared string inputs in place; a missing one becomes "" as in Hanko. */
export function transformInputs(specs: readonly InputSpec[], data: Record<string, unknown>): void {
  for (const spec of specs) {
    if (!spec.trim && !spec.lowercase) continue;
    let value = typeof data[spec.name] === "string" ? (data[spec.name] as string) : "";
    if (spec.trim) value = value.trim();
    if (spec.lowercase) value = value.toLowerCase();
    data[spec.name] = value;
  }
}

/**
 * Hanko's validation (`validate` in Hanko's backend/flowpilot/input.go): only JSON strings count as values for text inputs, lengths
 * are in bytes, json and boolean inputs always pass. Returns the errors by input name.
 */
export function validateInputs(specs: readonly InputSpec[], data: Record<string, unknown>): Record<string, InputError> {
  const errors: Record<string, InputError> = {};
  for (const spec of specs) {
    if (spec.type === "json" || spec.type === "boolean") continue;
    const raw = data[spec.name];
    const value = typeof raw === "string" ? raw : "";
    const bytes = Buffer.byteLength(value);
    if (spec.required && value === "") errors[spec.name] = InputErrors.valueMissing;
    else if (value !== "" && spec.minLength !== undefined && bytes < spec.minLength) errors[spec.name] = InputErrors.valueTooShort;
    else if (value !== "" && spec.maxLength !== undefined && bytes > spec.maxLength) errors[spec.name] = InputErrors.valueTooLong;
    else if (spec.type === "email" && (spec.required || value !== "") && !EMAIL.test(value)) errors[spec.name] = InputErrors.valueInvalid;
    else if (
      spec.type === "string" &&
      spec.allowedValues?.length &&
      typeof raw === "string" &&
      !spec.allowedValues.some((a) => a.value === raw)
    ) {
      errors[spec.name] = {
        ...InputErrors.valueInvalid,
        message: `The value is invalid. Must be one of: ${spec.allowedValues.map((a) => String(a.value)).join(",")}`,
      };
    }
  }
  return errors;
}

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** The wire form of an input (field order as Hanko emits it). */
export function inputObject(spec: InputSpec, value: unknown, error: InputError | undefined): Record<string, unknown> {
  return {
    name: spec.name,
    type: spec.type,
    ...(spec.preserve && { value: value ?? null }),
    ...(spec.minLength !== undefined && { min_length: spec.minLength }),
    ...(spec.maxLength !== undefined && { max_length: spec.maxLength }),
    ...(spec.required !== undefined && { required: spec.required }),
    ...(spec.hidden !== undefined && { hidden: spec.hidden }),
    ...(error && { error }),
    ...(spec.allowedValues?.length && { allowed_values: spec.allowedValues }),
  };
}

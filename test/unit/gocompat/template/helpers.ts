import { compileTemplate } from "../../../../src/gocompat/template/template.ts";
import type { GoValue } from "../../../../src/gocompat/template/values.ts";

/** Output of a template for the given data. */
export function run(text: string, data: GoValue = {}): string {
  return compileTemplate(text).execute(data);
}

/** The message of the error a template raises while parsing or executing; fails when there is none. */
export function failure(text: string, data: GoValue = {}): string {
  try {
    run(text, data);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

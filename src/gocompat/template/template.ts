// Public face of the Go text/template engine: parse once, execute against data.
import type { Tree } from "./ast.ts";
import { executeTemplate } from "./execute.ts";
import { isBuiltin } from "./functions.ts";
import { parseTemplate } from "./parser.ts";
import type { GoValue } from "./values.ts";

export { TemplateExecError, TemplateParseError } from "./errors.ts";

export interface Template {
  readonly tree: Tree;
  /** Output of the template for `data`; throws TemplateExecError. */
  execute(data: GoValue): string;
}

/** Parses Go text/template source with the built-in functions; throws TemplateParseError. */
export function compileTemplate(text: string, name = ""): Template {
  const tree = parseTemplate(text, isBuiltin, name);
  return { tree, execute: (data) => executeTemplate(tree, data) };
}

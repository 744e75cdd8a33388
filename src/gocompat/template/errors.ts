// Errors a template reports; messages follow Go's text/template wording.

/** The template text is not valid: "template: NAME:LINE: message". */
export class TemplateParseError extends Error {
  override readonly name = "TemplateParseError";
}

/** Executing the template failed: "template: NAME:LINE:COL: executing "NAME" at <node>: message". */
export class TemplateExecError extends Error {
  override readonly name = "TemplateExecError";
}

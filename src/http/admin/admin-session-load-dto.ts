import { Decoding, decodeString, decodeStruct } from "../../gocompat/echo/decode.ts";
import { readAdminBody } from "./read-admin-body.ts";
import { uuidProblem } from "./admin-load-dto.ts";

/** A path parameter of an admin request type: its Go field name (what messages call it) and its validator tag. */
export interface PathField {
  field: string;
  param: string;
  check: "required" | "uuid" | "uuid4";
}

/**
 * Hanko's `loadDto` for the credential and session routes: Echo binds the path, then a JSON body over
 * it (the fields have no JSON names, so keys matching the Go names override the path), then validates.
 * Every failure is a 400 whose message is the inner Echo error as text (`code=…, message=…[, internal=…]`).
 */
export async function loadPathDto(
  request: Request,
  typeName: string,
  fields: readonly PathField[],
  params: Record<string, string>,
): Promise<{ ok: true; values: Record<string, string> } | { ok: false; message: string }> {
  const values: Record<string, string> = {};
  for (const { field, param } of fields) values[field] = params[param] ?? "";

  const body = await readAdminBody(request);
  if (!body.ok) {
    if (body.status !== 400) return { ok: false, message: `code=${body.status}, message=${body.message}` };
    // Echo keeps the decoder's own error as the internal cause: the text after "error=" for syntax errors.
    const internal = body.message.match(/^Syntax error: offset=\d+, error=(.*)$/s)?.[1] ?? body.message;
    return { ok: false, message: `code=400, message=${body.message}, internal=${internal}` };
  }
  if (body.node) {
    const decoding = new Decoding();
    let cause: string | undefined;
    const structName = typeName.slice(typeName.indexOf(".") + 1);
    if (body.node.kind !== "object" && body.node.kind !== "null")
      cause = `json: cannot unmarshal ${body.node.kind} into Go value of type ${typeName}`;
    decodeStruct(
      decoding,
      body.node,
      typeName,
      [],
      fields.map((f) => f.field),
      (field, value) => {
        const text = decodeString(decoding, value, [field]);
        if (text !== undefined) values[field] = text;
        else if (value.kind !== "null")
          cause ??= `json: cannot unmarshal ${value.kind} into Go struct field ${structName}.${field} of type string`;
      },
    );
    if (decoding.saved !== undefined) return { ok: false, message: `code=400, message=${decoding.saved}, internal=${cause}` };
  }

  const failures: string[] = [];
  for (const { field, check } of fields) {
    const value = values[field]!;
    const problem = check === "required" ? (value === "" ? `${field} is a required field` : undefined) : uuidProblem(value, field, check);
    if (problem !== undefined) failures.push(problem);
  }
  if (failures.length > 0) return { ok: false, message: `code=400, message=${failures.join(" and ")}` };
  return { ok: true, values };
}

import { Type } from "@sinclair/typebox";
import { CLOSED, JsonObject, MapOf } from "./common.ts";

const FlowErrorObject = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    cause: Type.Optional(Type.String({ description: "Only with `debug: true`, and for input errors" })),
  },
  { ...CLOSED, title: "FlowError" },
);

const FlowInput = Type.Object(
  {
    name: Type.String(),
    type: Type.Union(["string", "email", "password", "boolean", "json", "number"].map((t) => Type.Literal(t))),
    value: Type.Optional(Type.Unknown()),
    min_length: Type.Optional(Type.Integer()),
    max_length: Type.Optional(Type.Integer()),
    required: Type.Optional(Type.Boolean()),
    hidden: Type.Optional(Type.Boolean()),
    error: Type.Optional(FlowErrorObject),
    allowed_values: Type.Optional(Type.Array(Type.Object({ value: Type.Unknown(), name: Type.String() }, CLOSED))),
  },
  { ...CLOSED, title: "FlowInput" },
);

const FlowAction = Type.Object(
  {
    href: Type.String({ description: "Where to send the action: `/<flow>?action=<name>%40<flow id>`" }),
    inputs: MapOf(FlowInput),
    action: Type.String(),
    description: Type.String(),
  },
  { ...CLOSED, title: "FlowAction" },
);

/** A response of the state machine: the state reached, its payload and the actions available there. */
function flowState(status: number) {
  return Type.Object(
    {
      name: Type.String({ description: "The state" }),
      status: Type.Literal(status, { description: "The HTTP status" }),
      payload: JsonObject,
      csrf_token: Type.String({ description: "To send with the next action" }),
      actions: MapOf(FlowAction),
      error: Type.Optional(FlowErrorObject),
      links: Type.Null(),
    },
    { ...CLOSED, title: "FlowState" },
  );
}

/** A request refused before it reached the flow: nothing changed, no payload, no actions. */
function flowErrorResult(status: number) {
  return Type.Object(
    {
      name: Type.Literal("error"),
      status: Type.Literal(status),
      csrf_token: Type.Literal(""),
      actions: Type.Object({}, CLOSED),
      error: FlowErrorObject,
      links: Type.Null(),
    },
    { ...CLOSED, title: "FlowErrorResult" },
  );
}

/** Every answer of a flow endpoint is a flow envelope whose `status` is the HTTP status. */
export function flowResponse(status: number) {
  return status === 200 ? flowState(200) : Type.Union([flowState(status), flowErrorResult(status)]);
}

export const FlowActionBody = Type.Object({
  input_data: Type.Optional(JsonObject),
  csrf_token: Type.String({ description: "The token of the last response" }),
});

import type { FlowError, InputError } from "./errors.ts";
import { type InputSpec, inputObject } from "./inputs.ts";

export interface FlowResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface StateView {
  flowName: string;
  flowId: string;
  state: string;
  payload: Record<string, unknown>;
  csrf: string;
  actions: {
    name: string;
    description: string;
    inputs: InputSpec[];
    errors: Record<string, InputError>;
    values: Record<string, unknown>;
  }[];
  error: FlowError | undefined;
}

/** The flow envelope (`Response` in Hanko's backend/flowpilot/response.go): field order as Hanko's struct, map keys sorted as Go sorts them. */
export function stateResponse(view: StateView): FlowResponse {
  const status = view.error?.status ?? 200;
  const actions: Record<string, unknown> = {};
  for (const action of [...view.actions].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const inputs: Record<string, unknown> = {};
    for (const spec of [...action.inputs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      inputs[spec.name] = inputObject(spec, action.values[spec.name], action.errors[spec.name]);
    }
    actions[action.name] = {
      href: `/${view.flowName}?${new URLSearchParams({ action: `${action.name}@${view.flowId}` })}`,
      inputs,
      action: action.name,
      description: action.description,
    };
  }
  return {
    status,
    body: {
      name: view.state,
      status,
      payload: sortKeys(view.payload),
      csrf_token: view.csrf,
      actions,
      ...(view.error && { error: errorObject(view.error) }),
      links: null,
    },
  };
}

/** A request refused before it reached the flow: nothing changed, no actions, a payload only when given. */
export function errorResult(error: FlowError, payload?: Record<string, unknown>): FlowResponse {
  return {
    status: error.status,
    body: {
      name: "error",
      status: error.status,
      ...(payload && { payload: sortKeys(payload) }),
      csrf_token: "",
      actions: {},
      error: errorObject(error),
      links: null,
    },
  };
}

function errorObject(error: FlowError): Record<string, string> {
  return { code: error.code, message: error.message, ...(error.cause !== undefined && { cause: error.cause }) };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

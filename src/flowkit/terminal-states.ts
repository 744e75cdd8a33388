import type { FlowHook, FlowState } from "./flow-services.ts";

export function successState(before: FlowHook[]): FlowState {
  return { name: "success", subflow: "main", actions: [], before };
}

export const errorState: FlowState = { name: "error", subflow: "main", actions: [] };

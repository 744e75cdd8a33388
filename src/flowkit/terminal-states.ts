import type { Hook, StateDef } from "../flowpilot/definition.ts";
import type { FlowData } from "./flow-data.ts";
import type { FlowServices } from "./flow-services.ts";

export function successState(before: Hook<FlowData, FlowServices>[]): StateDef<FlowData, FlowServices> {
  return { name: "success", subflow: "main", actions: [], before };
}

export const errorState: StateDef<FlowData, FlowServices> = { name: "error", subflow: "main", actions: [] };

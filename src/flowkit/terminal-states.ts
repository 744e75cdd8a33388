import type { FlowState } from "./flow-services.ts";

export const successState: FlowState = { name: "success", actions: [] };

export const errorState: FlowState = { name: "error", actions: [] };

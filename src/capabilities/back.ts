import { type ActionDef, BACK } from "../flowpilot/definition.ts";

/** `back`: the engine restores the last revertible step; offered only when there is one. */
export function backAction<D, S, N extends string>(): ActionDef<D, S, N> {
  return { name: BACK, description: "Navigate one step back.", execute: async () => ({ kind: "back" }) };
}

import type { FlowDef, StateDef, SubflowDef } from "./definition.ts";

/** A state as its flow runs it: where it belongs, and with the hooks the flow adds to it. */
export interface PlacedState<D, S, N extends string> extends StateDef<D, S, N> {
  /** Undefined for the flow's own states. */
  subflow: SubflowDef<D, S, N> | undefined;
}

/** Each state the flow takes in, under the key it is written with, in the order written. */
export function stateEntries<D, S, N extends string>(
  def: FlowDef<D, S, N>,
): { key: N; state: StateDef<D, S, N>; subflow: SubflowDef<D, S, N> | undefined }[] {
  const entries = (states: FlowDef<D, S, N>["states"], subflow: SubflowDef<D, S, N> | undefined) =>
    (Object.entries(states) as [N, StateDef<D, S, N> | undefined][]).flatMap(([key, state]) => (state ? [{ key, state, subflow }] : []));
  return [...(def.subflows ?? []).flatMap((subflow) => entries(subflow.states, subflow)), ...entries(def.states, undefined)];
}

/** The flow's states by name, each with its own hooks first and then those the flow adds. */
export function placeStates<D, S, N extends string>(def: FlowDef<D, S, N>): ReadonlyMap<string, PlacedState<D, S, N>> {
  const placed = new Map<string, PlacedState<D, S, N>>();
  for (const { key, state, subflow } of stateEntries(def)) {
    placed.set(key, {
      ...state,
      subflow,
      before: [...(state.before ?? []), ...(def.beforeState?.[key] ?? [])],
      after: [...(state.after ?? []), ...(def.afterState?.[key] ?? [])],
    });
  }
  return placed;
}

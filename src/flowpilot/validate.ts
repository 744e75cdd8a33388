import { ERROR_STATE, type FlowDef, type Hook } from "./definition.ts";
import { stateEntries } from "./graph.ts";

/**
 * Checks a flow's graph before anyone walks it, as Hanko's builder does: every state is filed under
 * its own name and defined once; the initial states and the error state exist; and so does every
 * state an action or hook declares it may move to (the engine holds them to those declarations).
 * Throws naming each problem, so a broken flow stops the server from starting.
 */
export function validateFlow<D, S, N extends string>(def: FlowDef<D, S, N>): void {
  const problems: string[] = [];
  const entries = stateEntries(def);
  const names = new Set<string>();
  for (const { key, state, subflow } of entries) {
    if (state.name !== key) problems.push(`state ${state.name} is filed as ${key} in ${subflow ? `sub-flow ${subflow.name}` : "the flow"}`);
    if (names.has(key)) problems.push(`state ${key} is defined twice`);
    names.add(key);
  }
  const targets = (what: string, declared: readonly string[] | undefined) => {
    for (const target of declared ?? [])
      if (!names.has(target)) problems.push(`${what} may move to ${target}, which is no state of the flow`);
  };
  const hooks = (what: string, list: readonly Hook<D, S, N>[] | undefined) => {
    for (const hook of list ?? []) targets(what, hook.targets);
  };

  if (def.initial.length === 0) problems.push("it has no initial state");
  for (const state of def.initial) if (!names.has(state)) problems.push(`initial state ${state} is no state of the flow`);
  if (!names.has(ERROR_STATE)) problems.push(`it has no ${ERROR_STATE} state`);
  for (const { key, state } of entries) {
    for (const action of state.actions) targets(`action ${action.name} of ${key}`, action.targets);
    hooks(`a before hook of ${key}`, state.before);
    hooks(`an after hook of ${key}`, state.after);
  }
  for (const [kind, added] of [
    ["before", def.beforeState],
    ["after", def.afterState],
  ] as const) {
    for (const [key, list] of Object.entries<Hook<D, S, N>[] | undefined>(added ?? {})) {
      if (!names.has(key)) problems.push(`${kind} hooks are added to ${key}, which is no state of the flow`);
      hooks(`a ${kind} hook of ${key}`, list);
    }
  }
  for (const subflow of def.subflows ?? []) hooks(`an after-flow hook of ${subflow.name}`, subflow.afterFlow);
  hooks("a before-each-action hook", def.beforeEachAction);
  if (problems.length > 0) throw new Error(`flow ${def.name} is broken: ${problems.join("; ")}`);
}

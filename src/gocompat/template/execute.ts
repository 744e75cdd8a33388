// Executes a parsed template against data, following Go text/template's evaluation rules.
import {
  nodeString,
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type Tree,
  type VariableNode,
} from "./ast.ts";
import { TemplateExecError } from "./errors.ts";
import { formatValue, goQuote } from "./fmt.ts";
import { BUILTINS } from "./functions.ts";
import {
  byteLength,
  CallError,
  GoPointer,
  GoStruct,
  indirect,
  isGoMap,
  isTrue,
  typeName,
  type GoCallable,
  type GoValue,
  type ParamType,
} from "./values.ts";

const MISSING: unique symbol = Symbol("missing");
type Final = GoValue | typeof MISSING;

class LoopSignal {
  constructor(readonly kind: "break" | "continue") {}
}
const BREAK = new LoopSignal("break");
const CONTINUE = new LoopSignal("continue");

function isExported(name: string): boolean {
  const first = String.fromCodePoint(name.codePointAt(0) ?? 0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

function isHexInt(text: string): boolean {
  return /^[+-]?0[xX]/.test(text) && !/[pP]/.test(text);
}

class State {
  private readonly vars: { name: string; value: GoValue }[];
  private node: Node | null = null;
  readonly out: string[] = [];

  constructor(
    private readonly tree: Tree,
    data: GoValue,
  ) {
    this.vars = [{ name: "$", value: data }];
  }

  // ---- bookkeeping ----

  private at(node: Node): void {
    this.node = node;
  }

  private errorf(message: string): never {
    const name = this.tree.name;
    if (this.node === null) throw new TemplateExecError(`template: ${name}: ${message}`);
    const before = this.tree.text.slice(0, this.node.pos);
    const lastNewline = before.lastIndexOf("\n");
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const column = byteLength(before.slice(lastNewline + 1));
    throw new TemplateExecError(
      `template: ${name}:${line}:${column}: executing ${goQuote(name)} at <${nodeString(this.node)}>: ${message}`,
    );
  }

  private findVar(name: string): { name: string; value: GoValue } {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!;
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: GoValue): void {
    this.vars[this.vars.length - n]!.value = value;
  }

  // ---- statements ----

  walk(dot: GoValue, node: Node): void {
    this.at(node);
    switch (node.type) {
      case "action": {
        const value = this.evalPipeline(dot, node.pipe);
        // An action that declares variables prints nothing.
        if (node.pipe.decl.length === 0) this.printValue(node, value);
        return;
      }
      case "break":
        throw BREAK;
      case "continue":
        throw CONTINUE;
      case "comment":
        return;
      case "if":
      case "with":
        return this.walkIfOrWith(dot, node);
      case "list":
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case "range":
        return this.walkRange(dot, node);
      case "text":
        this.out.push(node.text);
        return;
    }
    this.errorf(`unknown node: ${nodeString(node)}`);
  }

  private walkIfOrWith(dot: GoValue, node: BranchNode): void {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (isTrue(value)) this.walk(node.type === "with" ? value : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: GoValue, node: BranchNode): void {
    this.at(node);
    const outerMark = this.vars.length;
    try {
      const value = indirect(this.evalPipeline(dot, node.pipe));
      const mark = this.vars.length;
      const { decl, isAssign } = node.pipe;
      const iteration = (index: GoValue, element: GoValue): void => {
        if (decl.length > 0) {
          if (isAssign) this.findVar(decl[0]!.ident[0]!).value = decl.length > 1 ? index : element;
          else this.setTopVar(1, element);
        }
        if (decl.length > 1) {
          if (isAssign) this.findVar(decl[1]!.ident[0]!).value = element;
          else this.setTopVar(2, index);
        }
        try {
          this.walk(element, node.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      let ran = false;
      if (Array.isArray(value)) {
        value.forEach((element, i) => iteration(BigInt(i), element));
        ran = value.length > 0;
      } else if (isGoMap(value)) {
        const keys = Object.keys(value)
          .filter((k) => value[k] !== undefined)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        for (const key of keys) iteration(key, value[key]);
        ran = keys.length > 0;
      } else if (typeof value === "bigint") {
        if (decl.length > 1) this.errorf(`can't use ${value} to iterate over more than one variable`);
        for (let i = 0n; i < value; i++) iteration(i, i);
        ran = value > 0n;
      } else if (value !== undefined && value !== null) {
        this.errorf(`range can't iterate over ${typeName(value)}`);
      }
      if (!ran && node.elseList) this.walk(dot, node.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.vars.length = outerMark;
    }
  }

  private printValue(node: Node, value: GoValue): void {
    this.at(node);
    this.out.push(value === undefined || value === null ? "<no value>" : formatValue(value));
  }

  // ---- expressions ----

  private evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface result becomes no value at all.
      if (value === null) value = undefined;
    }
    const result = value === MISSING ? undefined : value;
    for (const variable of pipe.decl) {
      const name = variable.ident[0]!;
      if (pipe.isAssign) this.findVar(name).value = result;
      else this.vars.push({ name, value: result });
    }
    return result;
  }

  private notAFunction(args: readonly ArgNode[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case "field":
        return this.evalFieldNode(dot, first, cmd.args, final);
      case "chain":
        return this.evalChainNode(dot, first, cmd.args, final);
      case "identifier":
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case "pipe":
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case "bool":
        return first.value;
      case "dot":
        return dot;
      case "nil":
        this.errorf("nil is not a command");
      case "number":
        return this.idealConstant(first);
      case "string":
        return first.text;
    }
  }

  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    if (n.isFloat && !isHexInt(n.text) && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return n.int;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChainNode(dot: GoValue, chain: ChainNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.at(chain);
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const value = this.evalArg(dot, "any", chain.node);
    return this.evalFieldChain(dot, value, chain, chain.fields, args, final);
  }

  private evalVariableNode(dot: GoValue, variable: VariableNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.at(variable);
    const value = this.findVar(variable.ident[0]!).value;
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: GoValue,
    receiver: GoValue,
    node: Node,
    idents: readonly string[],
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    let value = receiver;
    for (let i = 0; i < idents.length - 1; i++) value = this.evalField(dot, idents[i]!, node, null, MISSING, value);
    return this.evalField(dot, idents[idents.length - 1]!, node, args, final, value);
  }

  private evalField(dot: GoValue, name: string, node: Node, args: readonly ArgNode[] | null, final: Final, receiver: GoValue): GoValue {
    // A missing value has no fields; the result is missing too.
    if (receiver === undefined) return undefined;
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const typ = typeName(receiver);
    if (receiver instanceof GoPointer || receiver instanceof GoStruct) {
      const method = receiver.type.methods?.[name];
      if (method) {
        const self = receiver instanceof GoPointer ? receiver.target : receiver;
        const callable: GoCallable = { params: method.params, variadic: method.variadic, call: (a) => method.call(self, a) };
        return this.evalCall(dot, callable, false, node, name, args, final);
      }
    }
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    const target = indirect(receiver);
    if (target instanceof GoStruct) {
      if (target.type.fields.includes(name)) {
        if (!isExported(name)) this.errorf(`${name} is an unexported field of struct type ${typ}`);
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return target.fields[name];
      }
    } else if (target instanceof GoPointer) {
      if (target.type.fields.includes(name)) this.errorf(`nil pointer evaluating ${typ}.${name}`);
    } else if (isGoMap(target)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      return Object.hasOwn(target, name) ? target[name] : undefined;
    }
    this.errorf(`can't evaluate field ${name} in type ${typ}`);
  }

  private evalFunction(dot: GoValue, node: IdentifierNode, cmd: Node, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.at(node);
    const fn = Object.hasOwn(BUILTINS, node.ident) ? BUILTINS[node.ident] : undefined;
    if (!fn) this.errorf(`${goQuote(node.ident)} is not a defined function`);
    return this.evalCall(dot, fn, true, cmd, node.ident, args, final);
  }

  private evalCall(
    dot: GoValue,
    fn: GoCallable,
    isBuiltin: boolean,
    node: Node,
    name: string,
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    const argNodes = args === null ? [] : args.slice(1);
    const numIn = argNodes.length + (final === MISSING ? 0 : 1);
    let numFixed = argNodes.length;
    if (fn.variadic) {
      numFixed = fn.params.length - 1;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${argNodes.length}`);
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }

    if (isBuiltin && (name === "and" || name === "or")) {
      // Arguments are evaluated left to right until one decides the result, which is returned as is.
      let value: GoValue = undefined;
      for (const arg of argNodes) {
        value = this.evalArg(dot, "any", arg);
        if (isTrue(value) === (name === "or")) return value;
      }
      if (final !== MISSING) value = final;
      return value;
    }

    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.params[i]!, argNodes[i]!));
    if (fn.variadic) {
      const elementType = fn.params[fn.params.length - 1]!;
      for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, elementType, argNodes[i]!));
    }
    if (final !== MISSING) {
      let t = fn.params[fn.params.length - 1]!;
      if (fn.variadic && numIn - 1 < numFixed) t = fn.params[numIn - 1]!;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.call(argv);
    } catch (e) {
      if (e instanceof CallError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  private validateType(value: GoValue, type: ParamType): GoValue {
    if (type === "any") return value;
    if (value === undefined) this.errorf(`invalid value; expected ${type}`);
    if (typeof value === "string") return value;
    this.errorf(`wrong type for value; expected ${type}; got ${value === null ? "interface {}" : typeName(value)}`);
  }

  private evalArg(dot: GoValue, type: ParamType, n: ArgNode): GoValue {
    this.at(n);
    switch (n.type) {
      case "dot":
        return this.validateType(dot, type);
      case "nil":
        if (type === "any") return null;
        this.errorf(`cannot assign nil to ${type}`);
      case "field":
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), type);
      case "variable":
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), type);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, n), type);
      case "identifier":
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), type);
      case "chain":
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), type);
    }
    if (type === "string") {
      if (n.type === "string") return n.text;
      this.errorf(`expected string; found ${nodeString(n)}`);
    }
    switch (n.type) {
      case "bool":
        return n.value;
      case "number":
        return this.idealConstant(n);
      case "string":
        return n.text;
    }
  }
}

/** Runs the template with `data` as dot and `$`; returns the output or throws TemplateExecError. */
export function executeTemplate(tree: Tree, data: GoValue): string {
  const state = new State(tree, data);
  try {
    state.walk(data, tree.root);
  } catch (e) {
    if (e instanceof LoopSignal) throw new TemplateExecError(`template: ${tree.name}: {{${e.kind}}} outside {{range}}`);
    throw e;
  }
  return state.out.join("");
}

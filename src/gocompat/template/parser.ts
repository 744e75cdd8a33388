// Parser from template tokens to the syntax tree, with Go text/template's grammar and error messages.
import {
  nodeString,
  type ActionNode,
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type DelimiterNode,
  type ListNode,
  type Node,
  type PipeNode,
  type Tree,
  type VariableNode,
} from "./ast.ts";
import { TemplateParseError } from "./errors.ts";
import { goQuote } from "./fmt.ts";
import { describeItem, lex, type Item, type ItemType } from "./lexer.ts";
import { LiteralError, parseNumber, unquote } from "./literals.ts";

class Parser {
  private readonly items: Item[];
  private index = 0;
  private furthest = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(
    private readonly name: string,
    text: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.items = lex(text);
  }

  // ---- token stream ----

  private next(): Item {
    const i = Math.min(this.index, this.items.length - 1);
    this.index = i + 1;
    this.furthest = Math.max(this.furthest, i);
    return this.items[i]!;
  }

  private backup(count = 1): void {
    this.index -= count;
  }

  private peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }

  private nextNonSpace(): Item {
    let item: Item;
    do item = this.next();
    while (item.type === "space");
    return item;
  }

  /** Skips spaces and returns the next token without consuming it. */
  private peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  // ---- errors ----

  private errorf(message: string): never {
    const line = this.items[Math.min(this.furthest, this.items.length - 1)]!.line;
    throw new TemplateParseError(`template: ${this.name}:${line}: ${message}`);
  }

  private unexpected(item: Item, context: string): never {
    if (item.type === "error") {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== item.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (item.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.errorf(item.val + extra);
    }
    this.errorf(`unexpected ${describeItem(item)} in ${context}`);
  }

  private expect(type: ItemType, context: string): Item {
    const item = this.nextNonSpace();
    if (item.type !== type) this.unexpected(item, context);
    return item;
  }

  // ---- grammar ----

  parse(): ListNode {
    const root: ListNode = { type: "list", pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== "eof") {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    return root;
  }

  private itemList(): { list: ListNode; next: Node } {
    const list: ListNode = { type: "list", pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== "eof") {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return { list, next: n };
      list.nodes.push(n);
    }
    this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const item = this.nextNonSpace();
    switch (item.type) {
      case "text":
        return { type: "text", pos: item.pos, text: item.val };
      case "leftDelim": {
        this.actionLine = item.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case "comment":
        return { type: "comment", pos: item.pos, text: item.val };
    }
    this.unexpected(item, "input");
  }

  private action(): Node {
    const item = this.nextNonSpace();
    switch (item.type) {
      case "break":
      case "continue":
        return this.breakControl(item);
      case "else":
        return this.elseControl();
      case "end":
        return this.endControl();
      case "if":
      case "range":
      case "with":
        return this.branchControl(item.type);
      case "block":
      case "define":
      case "template":
        this.errorf(`{{${item.val}}} is not supported`);
    }
    this.backup();
    const pos = this.peek().pos;
    // Variables declared here stay visible until the enclosing {{end}}.
    const action: ActionNode = { type: "action", pos, pipe: this.pipeline("command", "rightDelim") };
    return action;
  }

  private breakControl(item: Item): Node {
    const token = this.nextNonSpace();
    if (token.type !== "rightDelim") this.unexpected(token, `{{${item.type}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${item.type}}} outside {{range}}`);
    return { type: item.type as "break" | "continue", pos: item.pos };
  }

  private elseControl(): DelimiterNode {
    const peek = this.peekNonSpace();
    // "{{else if ...}}" and "{{else with ...}}" leave the keyword for the enclosing branch to read.
    if (peek.type === "if" || peek.type === "with") return { type: "else", pos: peek.pos };
    const token = this.expect("rightDelim", "else");
    return { type: "else", pos: token.pos };
  }

  private endControl(): DelimiterNode {
    const token = this.expect("rightDelim", "end");
    return { type: "end", pos: token.pos };
  }

  private branchControl(context: "if" | "range" | "with"): BranchNode {
    const varCount = this.vars.length;
    try {
      const pipe = this.pipeline(context, "rightDelim");
      if (context === "range") this.rangeDepth++;
      const { list, next } = this.itemList();
      if (context === "range") this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === "else") {
        const following = this.peekNonSpace().type;
        if ((context === "if" && following === "if") || (context === "with" && following === "with")) {
          this.next();
          elseList = { type: "list", pos: next.pos, nodes: [this.branchControl(context)] };
        } else {
          const rest = this.itemList();
          if (rest.next.type !== "end") this.errorf(`expected end; found ${nodeString(rest.next)}`);
          elseList = rest.list;
        }
      }
      return { type: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = varCount;
    }
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const pipe: PipeNode = { type: "pipe", pos: this.peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== "variable") break;
      const variableIndex = this.index;
      this.next();
      const following = this.peekNonSpace();
      if (following.type === "assign" || following.type === "declare") {
        pipe.isAssign = following.type === "assign";
        this.nextNonSpace();
        pipe.decl.push(this.variableNode(v));
        this.vars.push(v.val);
        break;
      }
      if (following.type === "char" && following.val === ",") {
        this.nextNonSpace();
        pipe.decl.push(this.variableNode(v));
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type;
          if (t === "variable" || t === "rightDelim" || t === "rightParen") continue decls;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      }
      // Not a declaration: the variable is read again as an operand.
      this.index = variableIndex;
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.type) {
        case "bool":
        case "charConstant":
        case "dot":
        case "field":
        case "identifier":
        case "number":
        case "nil":
        case "rawString":
        case "string":
        case "variable":
        case "leftParen":
          this.backup();
          pipe.cmds.push(this.command());
          continue;
      }
      this.unexpected(token, context);
    }
  }

  private variableNode(item: Item): VariableNode {
    return { type: "variable", pos: item.pos, ident: item.val.split(".") };
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const first = c.args[0]!.type;
      if (first === "bool" || first === "dot" || first === "nil" || first === "number" || first === "string") {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: "command", pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === "space") continue;
      if (token.type === "rightDelim" || token.type === "rightParen") this.backup();
      else if (token.type !== "pipe") this.unexpected(token, "operand");
      break;
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    return cmd;
  }

  private operand(): ArgNode | null {
    let node = this.term();
    if (!node) return null;
    if (this.peek().type === "field") {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().type === "field") fields.push(this.next().val.slice(1));
      switch (node.type) {
        case "field":
          node = { type: "field", pos, ident: [...node.ident, ...fields] };
          break;
        case "variable":
          node = { type: "variable", pos, ident: [...node.ident, ...fields] };
          break;
        case "bool":
        case "string":
        case "number":
        case "nil":
        case "dot":
          this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
        default:
          node = { type: "chain", pos, node, fields };
      }
    }
    return node;
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.type) {
      case "identifier":
        if (!this.hasFunction(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return { type: "identifier", pos: token.pos, ident: token.val };
      case "dot":
        return { type: "dot", pos: token.pos };
      case "nil":
        return { type: "nil", pos: token.pos };
      case "variable":
        if (!this.vars.includes(token.val)) this.errorf(`undefined variable ${goQuote(token.val)}`);
        return this.variableNode(token);
      case "field":
        return { type: "field", pos: token.pos, ident: [token.val.slice(1)] };
      case "bool":
        return { type: "bool", pos: token.pos, value: token.val === "true" };
      case "charConstant":
      case "number":
        try {
          return { type: "number", pos: token.pos, text: token.val, ...parseNumber(token.val, token.type === "charConstant") };
        } catch (e) {
          if (e instanceof LiteralError) this.errorf(e.message);
          throw e;
        }
      case "leftParen":
        return this.pipeline("parenthesized pipeline", "rightParen");
      case "string":
      case "rawString":
        try {
          return { type: "string", pos: token.pos, quoted: token.val, text: unquote(token.val) };
        } catch (e) {
          if (e instanceof LiteralError) this.errorf(e.message);
          throw e;
        }
    }
    this.backup();
    return null;
  }
}

/**
 * Parses Go text/template source. `hasFunction` tells which function names exist; `name` appears in
 * error messages (Hanko's templates have the empty name). Throws TemplateParseError.
 */
export function parseTemplate(text: string, hasFunction: (name: string) => boolean, name = ""): Tree {
  return { name, text, root: new Parser(name, text, hasFunction).parse() };
}

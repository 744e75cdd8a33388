// Syntax tree of a parsed template, and the source-like rendering Go uses in error messages.

export interface ListNode {
  readonly type: "list";
  readonly pos: number;
  readonly nodes: Node[];
}

export interface TextNode {
  readonly type: "text";
  readonly pos: number;
  readonly text: string;
}

export interface CommentNode {
  readonly type: "comment";
  readonly pos: number;
  readonly text: string;
}

export interface ActionNode {
  readonly type: "action";
  readonly pos: number;
  readonly pipe: PipeNode;
}

export interface BranchNode {
  readonly type: "if" | "with" | "range";
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}

export interface BreakNode {
  readonly type: "break" | "continue";
  readonly pos: number;
}

/** Only produced while parsing, to tell itemList where a branch ends. */
export interface DelimiterNode {
  readonly type: "else" | "end";
  readonly pos: number;
}

export interface PipeNode {
  readonly type: "pipe";
  readonly pos: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

export interface CommandNode {
  readonly type: "command";
  readonly pos: number;
  readonly args: ArgNode[];
}

export interface FieldNode {
  readonly type: "field";
  readonly pos: number;
  readonly ident: string[];
}

export interface VariableNode {
  readonly type: "variable";
  readonly pos: number;
  readonly ident: string[];
}

export interface ChainNode {
  readonly type: "chain";
  readonly pos: number;
  readonly node: ArgNode;
  readonly fields: string[];
}

export interface IdentifierNode {
  readonly type: "identifier";
  readonly pos: number;
  readonly ident: string;
}

export interface DotNode {
  readonly type: "dot";
  readonly pos: number;
}

export interface NilNode {
  readonly type: "nil";
  readonly pos: number;
}

export interface BoolNode {
  readonly type: "bool";
  readonly pos: number;
  readonly value: boolean;
}

export interface NumberNode {
  readonly type: "number";
  readonly pos: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int: bigint;
  readonly float: number;
}

export interface StringNode {
  readonly type: "string";
  readonly pos: number;
  readonly quoted: string;
  readonly text: string;
}

export type ArgNode =
  | PipeNode
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode;

export type Node = ListNode | TextNode | CommentNode | ActionNode | BranchNode | BreakNode | DelimiterNode | CommandNode | ArgNode;

export interface Tree {
  readonly name: string;
  readonly text: string;
  readonly root: ListNode;
}

function pipeString(p: PipeNode): string {
  let s = "";
  if (p.decl.length > 0) s += p.decl.map(nodeString).join(", ") + (p.isAssign ? " = " : " := ");
  return s + p.cmds.map(nodeString).join(" | ");
}

function argString(n: ArgNode): string {
  return n.type === "pipe" ? "(" + nodeString(n) + ")" : nodeString(n);
}

/** The node written back as template source, as Go's Node.String() does. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case "list":
      return n.nodes.map(nodeString).join("");
    case "text":
      return n.text;
    case "comment":
      return "{{" + n.text + "}}";
    case "action":
      return "{{" + pipeString(n.pipe) + "}}";
    case "if":
    case "with":
    case "range":
      return (
        `{{${n.type} ${pipeString(n.pipe)}}}` + nodeString(n.list) + (n.elseList ? "{{else}}" + nodeString(n.elseList) : "") + "{{end}}"
      );
    case "break":
    case "continue":
    case "else":
    case "end":
      return `{{${n.type}}}`;
    case "pipe":
      return pipeString(n);
    case "command":
      return n.args.map(argString).join(" ");
    case "field":
      return n.ident.map((i) => "." + i).join("");
    case "variable":
      return n.ident.join(".");
    case "chain":
      return argString(n.node) + n.fields.map((f) => "." + f).join("");
    case "identifier":
      return n.ident;
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return n.value ? "true" : "false";
    case "number":
      return n.text;
    case "string":
      return n.quoted;
  }
}

// The layering of src/ as docs/architecture.md states it, checked against the imports the code has.
// `make test` runs this file; test/unit/architecture/ tests the pure part below on small graphs.
//
// A folder is a directory of src/ cut at two levels (`services/mail/texts/x.ts` belongs to
// `services/mail`, `main.ts` to `(root)`). The document's table `| folder | may import |` names every
// folder and the folders it may import (`services/*`: every folder under services/). Imports inside
// one folder are free.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import ts from "typescript";

export const ROOT_FOLDER = "(root)";
export const RULES_DOCUMENT = "docs/architecture.md";

/** A source file of src/, its path relative to src/ with `/` separators. */
export interface SourceFile {
  path: string;
  imports: ImportRef[];
}

export interface ImportRef {
  /** The module specifier as written; undefined for a dynamic import whose specifier is computed. */
  specifier: string | undefined;
  line: number;
}

/** What a folder may import: folder names and `prefix/*` patterns, as the table writes them. */
export type Rules = Map<string, string[]>;

/** One import that crosses folders. */
export interface Edge {
  file: string;
  line: number;
  specifier: string;
  from: string;
  to: string;
}

export type Finding =
  | { kind: "disallowed"; from: string; to: string; allowed: string[]; imports: Edge[] }
  | { kind: "cycle"; folders: string[]; evidence: Edge[] }
  | { kind: "unlisted"; folder: string }
  | { kind: "stale"; folder: string }
  | { kind: "unknown-rule-target"; folder: string; target: string }
  | { kind: "rule-cycle"; folders: string[] }
  | { kind: "outside-src"; file: string; line: number; specifier: string }
  | { kind: "unresolved"; file: string; line: number; specifier: string }
  | { kind: "computed-import"; file: string; line: number };

export function folderOf(path: string): string {
  const directories = path.split("/").slice(0, -1);
  return directories.length === 0 ? ROOT_FOLDER : directories.slice(0, 2).join("/");
}

/** The rows of the first table whose header reads `folder | may import`; backticked names only, so prose may sit beside them. */
export function parseRules(markdown: string): { rules: Rules; duplicates: string[] } {
  const rules: Rules = new Map();
  const duplicates: string[] = [];
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => {
    const cells = tableCells(line);
    return cells?.[0]?.toLowerCase() === "folder" && cells[1]?.toLowerCase() === "may import";
  });
  if (start < 0) return { rules, duplicates };
  for (const line of lines.slice(start + 2)) {
    const cells = tableCells(line);
    if (!cells) break;
    const [folder] = backticked(cells[0] ?? "");
    if (folder === undefined) continue;
    if (rules.has(folder)) duplicates.push(folder);
    rules.set(folder, backticked(cells[1] ?? ""));
  }
  return { rules, duplicates };
}

function tableCells(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("|")) return undefined;
  return trimmed
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim());
}

function backticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!.trim());
}

function matches(pattern: string, folder: string): boolean {
  return pattern.endsWith("/*") ? folder.startsWith(pattern.slice(0, -1)) : pattern === folder;
}

/** Where a relative import lands, as a path from src/ (`../…` when outside it); undefined when no file is there. */
export function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  if (target === ".." || target.startsWith("../")) return target;
  for (const candidate of [target, `${target}.ts`, `${target}/index.ts`]) if (files.has(candidate)) return candidate;
  // Data files (JSON and the like) are not scanned, but belong to their folder all the same.
  return /\.[a-z]+$/i.test(posix.basename(target)) && !target.endsWith(".ts") ? target : undefined;
}

/** Imports that leave src/ are refused, but for package.json (the build version). */
const ALLOWED_OUTSIDE = new Set(["../package.json"]);

export function checkArchitecture(files: SourceFile[], rules: Rules): { findings: Finding[]; edges: Map<string, Map<string, Edge[]>> } {
  const findings: Finding[] = [];
  const paths = new Set(files.map((f) => f.path));
  const folders = new Set(files.map((f) => folderOf(f.path)));

  for (const folder of [...folders].sort()) if (!rules.has(folder)) findings.push({ kind: "unlisted", folder });
  for (const folder of rules.keys()) if (!folders.has(folder)) findings.push({ kind: "stale", folder });
  for (const [folder, targets] of rules) {
    for (const target of targets) {
      if (![...folders].some((f) => matches(target, f))) findings.push({ kind: "unknown-rule-target", folder, target });
    }
  }
  const allowedTargets = (folder: string) =>
    [...folders].filter((f) => f !== folder && (rules.get(folder) ?? []).some((p) => matches(p, f)));
  const ruleGraph = new Map([...folders].map((f) => [f, new Set(allowedTargets(f))]));
  for (const cycle of cycles(ruleGraph)) findings.push({ kind: "rule-cycle", folders: cycle });

  const edges = new Map<string, Map<string, Edge[]>>();
  for (const file of files) {
    const from = folderOf(file.path);
    for (const { specifier, line } of file.imports) {
      if (specifier === undefined) {
        findings.push({ kind: "computed-import", file: file.path, line });
        continue;
      }
      if (!specifier.startsWith("./") && !specifier.startsWith("../")) continue;
      const target = resolveImport(file.path, specifier, paths);
      if (target === undefined) {
        findings.push({ kind: "unresolved", file: file.path, line, specifier });
        continue;
      }
      if (target === ".." || target.startsWith("../")) {
        if (!ALLOWED_OUTSIDE.has(target)) findings.push({ kind: "outside-src", file: file.path, line, specifier });
        continue;
      }
      const to = folderOf(target);
      if (to === from) continue;
      const byTarget = edges.get(from) ?? new Map<string, Edge[]>();
      edges.set(from, byTarget);
      byTarget.set(to, [...(byTarget.get(to) ?? []), { file: file.path, line, specifier, from, to }]);
    }
  }

  for (const [from, byTarget] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
    if (!rules.has(from)) continue; // reported as unlisted; every edge of it would repeat that
    const allowed = rules.get(from) ?? [];
    for (const [to, imports] of [...byTarget].sort(([a], [b]) => a.localeCompare(b))) {
      if (!allowed.some((pattern) => matches(pattern, to))) findings.push({ kind: "disallowed", from, to, allowed, imports });
    }
  }

  const importGraph = new Map([...edges].map(([from, byTarget]) => [from, new Set(byTarget.keys())]));
  for (const cycle of cycles(importGraph)) {
    const evidence = cycle.slice(0, -1).map((from, i) => edges.get(from)!.get(cycle[i + 1]!)![0]!);
    findings.push({ kind: "cycle", folders: cycle, evidence });
  }
  return { findings, edges };
}

/**
 * One cycle per strongly connected component of more than one folder (Tarjan's algorithm), written
 * as a closed walk from its alphabetically first folder: [a, b, c, a].
 */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((targets) => [...targets])])].sort();

  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (next === node) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component);
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);

  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    return shortestWalk(graph, start, members);
  });
}

/** The shortest way from `start` back to itself inside one component (breadth first). */
function shortestWalk(graph: Map<string, Set<string>>, start: string, members: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!members.has(next) || next === node) continue;
      if (next === start) {
        const walk = [node];
        while (walk[0] !== start) walk.unshift(previous.get(walk[0]!)!);
        return [...walk, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Static imports and re-exports, `import()` and `require()`, `import("…")` types: every module a file names. */
export function importsOf(text: string, fileName: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: ImportRef[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const literal = (node: ts.Node | undefined) => (node && ts.isStringLiteralLike(node) ? node.text : undefined);
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push({ specifier: literal(node.moduleSpecifier), line: lineOf(node) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      found.push({ specifier: literal(node.moduleReference.expression), line: lineOf(node) });
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isImport || isRequire) found.push({ specifier: literal(node.arguments[0]), line: lineOf(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      found.push({ specifier: literal(node.argument.literal), line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every .ts file under `srcDir` with its imports. */
export function scanTree(srcDir: string): SourceFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return walk(path);
        return entry.isFile() && entry.name.endsWith(".ts") ? [path] : [];
      });
  return walk(srcDir).map((path) => ({
    path: relative(srcDir, path).split("\\").join("/"),
    imports: importsOf(readFileSync(path, "utf8"), path),
  }));
}

const list = (names: string[]) => (names.length === 0 ? "nothing" : names.join(", "));
const at = (edge: { file: string; line: number }) => `src/${edge.file}:${edge.line}`;

export function describe(finding: Finding): string {
  switch (finding.kind) {
    case "disallowed":
      return [
        `${finding.from} imports ${finding.to}, which its row does not allow (${finding.from} may import: ${list(finding.allowed)})`,
        ...finding.imports.map((edge) => `    ${at(edge)} imports "${edge.specifier}"`),
      ].join("\n");
    case "cycle":
      return [
        `the folders import each other in a cycle: ${finding.folders.join(" → ")}`,
        ...finding.evidence.map((edge) => `    ${edge.from} → ${edge.to}: ${at(edge)} imports "${edge.specifier}"`),
      ].join("\n");
    case "unlisted":
      return `src/${finding.folder === ROOT_FOLDER ? "" : `${finding.folder}/`} is a folder the table does not list; add a row for \`${finding.folder}\``;
    case "stale":
      return `the table lists \`${finding.folder}\`, which holds no .ts file under src/; remove or rename its row`;
    case "unknown-rule-target":
      return `the row of \`${finding.folder}\` allows \`${finding.target}\`, which matches no folder of src/`;
    case "rule-cycle":
      return `the table's rules allow a cycle: ${finding.folders.join(" → ")}`;
    case "outside-src":
      return `${at(finding)} imports "${finding.specifier}", outside src/ (only package.json may be)`;
    case "unresolved":
      return `${at(finding)} imports "${finding.specifier}", which is no file of src/`;
    case "computed-import":
      return `${at(finding)} imports a computed specifier, which cannot be checked; name the module literally`;
  }
}

/** Checks the tree at `root` against its document; prints the findings, or a one-line summary when there are none. */
export function run(root: string, print: (line: string) => void = console.log): boolean {
  const documentPath = join(root, RULES_DOCUMENT);
  const { rules, duplicates } = parseRules(readFileSync(documentPath, "utf8"));
  const files = scanTree(join(root, "src"));
  const { findings, edges } = checkArchitecture(files, rules);
  const problems = [
    ...(rules.size === 0 ? [`${RULES_DOCUMENT} has no table with the header | folder | may import |`] : []),
    ...duplicates.map((folder) => `the table has more than one row for \`${folder}\``),
    ...findings.map(describe),
  ];
  if (problems.length === 0) {
    const edgeCount = [...edges.values()].reduce((sum, byTarget) => sum + byTarget.size, 0);
    print(
      `architecture: ${files.length} files in ${rules.size} folders, ${edgeCount} edges between folders, all allowed by ${RULES_DOCUMENT}; no cycles`,
    );
    return true;
  }
  print(`architecture: ${problems.length} problem${problems.length === 1 ? "" : "s"} against ${RULES_DOCUMENT}`);
  for (const problem of problems) print(`  ✗ ${problem}`);
  return false;
}

if (import.meta.main) {
  process.exitCode = run(join(dirname(import.meta.path), "..")) ? 0 : 1;
}

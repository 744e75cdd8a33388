import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  checkArchitecture,
  describe as describeFinding,
  type Finding,
  folderOf,
  importsOf,
  parseRules,
  run,
  type SourceFile,
} from "../../../scripts/check-architecture.ts";

/** A file of a synthetic src/ whose imports sit on lines 1, 2, … */
const file = (path: string, ...specifiers: string[]): SourceFile => ({
  path,
  imports: specifiers.map((specifier, i) => ({ specifier, line: i + 1 })),
});

const table = (rows: Record<string, string[]>) =>
  [
    "Some prose, and a table that is not the rules:",
    "",
    "| name | value |",
    "| --- | --- |",
    "| `x` | `y` |",
    "",
    "| folder | may import | holds |",
    "| --- | --- | --- |",
    ...Object.entries(rows).map(([folder, allowed]) => `| \`${folder}\` | ${allowed.map((a) => `\`${a}\``).join(", ") || "—"} | notes |`),
    "",
    "After the table.",
  ].join("\n");

const rulesOf = (rows: Record<string, string[]>) => parseRules(table(rows)).rules;
const kinds = (findings: Finding[]) => findings.map((f) => f.kind);

describe("folders are directories of src/ cut at two levels", () => {
  test("a file directly in src/ belongs to (root), deeper files to their first two directories", () => {
    expect(folderOf("main.ts")).toBe("(root)");
    expect(folderOf("store/users.ts")).toBe("store");
    expect(folderOf("services/mail/mailer.ts")).toBe("services/mail");
    expect(folderOf("services/mail/texts/passcode.ts")).toBe("services/mail");
  });
});

describe("the rules table", () => {
  test("is the table headed folder | may import; a dash allows nothing and other columns are prose", () => {
    const { rules, duplicates } = parseRules(table({ app: ["store", "services/*"], store: [] }));
    expect([...rules]).toEqual([
      ["app", ["store", "services/*"]],
      ["store", []],
    ]);
    expect(duplicates).toEqual([]);
  });

  test("a folder listed twice is reported", () => {
    const markdown = "| folder | may import |\n| --- | --- |\n| `a` | `b` |\n| `a` | — |\n";
    expect(parseRules(markdown).duplicates).toEqual(["a"]);
  });
});

describe("the check", () => {
  const layered = [
    file("main.ts", "./app/runtime.ts"),
    file("app/runtime.ts", "../store/users.ts", "../services/mail/mailer.ts", "./local.ts", "kysely", "node:fs"),
    file("app/local.ts"),
    file("services/mail/mailer.ts", "../../store/users.ts", "./texts/passcode.ts"),
    file("services/mail/texts/passcode.ts"),
    file("store/users.ts"),
  ];
  const layeredRules = { "(root)": ["app"], app: ["store", "services/*"], "services/mail": ["store"], store: [] };

  test("an allowed graph passes: imports inside a folder and of packages are free, `services/*` matches every service", () => {
    const { findings, edges } = checkArchitecture(layered, rulesOf(layeredRules));
    expect(findings).toEqual([]);
    expect([...edges.get("app")!.keys()].sort()).toEqual(["services/mail", "store"]);
  });

  test("an edge the table does not allow fails, naming the file, the line and the rule", () => {
    const files = [...layered, file("log/logger.ts"), file("store/sessions.ts", "./users.ts", "../log/logger.ts")];
    const { findings } = checkArchitecture(files, rulesOf({ ...layeredRules, log: [] }));
    expect(kinds(findings)).toEqual(["disallowed"]);
    const message = describeFinding(findings[0]!);
    expect(message).toContain("store imports log, which its row does not allow (store may import: nothing)");
    expect(message).toContain('src/store/sessions.ts:2 imports "../log/logger.ts"');
  });

  test("a cycle fails and is printed from folder to folder, with an import for each step", () => {
    const files = [file("a/x.ts", "../b/y.ts"), file("b/y.ts", "../c/z.ts"), file("c/z.ts", "../a/x.ts")];
    const { findings } = checkArchitecture(files, rulesOf({ a: ["b"], b: ["c"], c: ["a"] }));
    const cycle = findings.find((f) => f.kind === "cycle");
    expect(cycle).toMatchObject({ kind: "cycle", folders: ["a", "b", "c", "a"] });
    const message = describeFinding(cycle!);
    expect(message).toContain("the folders import each other in a cycle: a → b → c → a");
    expect(message).toContain('c → a: src/c/z.ts:1 imports "../a/x.ts"');
  });

  test("rules that would allow a cycle fail even before code forms it", () => {
    const files = [file("a/x.ts", "../b/y.ts"), file("b/y.ts")];
    const { findings } = checkArchitecture(files, rulesOf({ a: ["b"], b: ["a"] }));
    expect(findings).toEqual([{ kind: "rule-cycle", folders: ["a", "b", "a"] }]);
  });

  test("a folder the table does not list fails, and so does a row for a folder that is gone", () => {
    const files = [...layered, file("cleanup/expired.ts", "../store/users.ts")];
    const { findings } = checkArchitecture(files, rulesOf({ ...layeredRules, keys: ["store"] }));
    expect(findings).toEqual([
      { kind: "unlisted", folder: "cleanup" },
      { kind: "stale", folder: "keys" },
    ]);
    expect(describeFinding(findings[0]!)).toBe("src/cleanup/ is a folder the table does not list; add a row for `cleanup`");
  });

  test("a rule naming no folder fails", () => {
    const { findings } = checkArchitecture(layered, rulesOf({ ...layeredRules, store: ["clock"] }));
    expect(findings).toEqual([{ kind: "unknown-rule-target", folder: "store", target: "clock" }]);
  });

  test("only package.json may be imported from outside src/", () => {
    const files = [file("app/version.ts", "../../package.json", "../../test/support/clock.ts")];
    const { findings } = checkArchitecture(files, rulesOf({ app: [] }));
    expect(findings).toEqual([{ kind: "outside-src", file: "app/version.ts", line: 2, specifier: "../../test/support/clock.ts" }]);
  });

  test("an import of a missing file and an import() of a computed name fail", () => {
    const files: SourceFile[] = [
      {
        path: "app/a.ts",
        imports: [
          { specifier: "../store/gone.ts", line: 3 },
          { specifier: undefined, line: 7 },
        ],
      },
      file("store/users.ts"),
    ];
    const { findings } = checkArchitecture(files, rulesOf({ app: ["store"], store: [] }));
    expect(findings).toEqual([
      { kind: "unresolved", file: "app/a.ts", line: 3, specifier: "../store/gone.ts" },
      { kind: "computed-import", file: "app/a.ts", line: 7 },
    ]);
  });

  test("a directory import lands in its index file's folder", () => {
    const files = [file("app/a.ts", "../services/webauthn"), file("services/webauthn/index.ts")];
    const { findings, edges } = checkArchitecture(files, rulesOf({ app: ["services/webauthn"], "services/webauthn": [] }));
    expect(findings).toEqual([]);
    expect([...edges.get("app")!.keys()]).toEqual(["services/webauthn"]);
  });
});

describe("imports are read from the syntax tree", () => {
  test("static imports, type imports, re-exports, import() and import types count; strings and comments do not", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      'export { c } from "./c.ts";',
      'export * from "./d.ts";',
      'const e = await import("./e.ts");',
      'type F = typeof import("./f.ts");',
      '// import { g } from "./g.ts";',
      'const page = `<script type="module">import { h } from "./h.ts";</script>`;',
      "const name = './i.ts';",
      "const i = await import(name);",
    ].join("\n");
    expect(importsOf(source, "x.ts")).toEqual([
      { specifier: "./a.ts", line: 1 },
      { specifier: "../b.ts", line: 2 },
      { specifier: "./c.ts", line: 3 },
      { specifier: "./d.ts", line: 4 },
      { specifier: "./e.ts", line: 5 },
      { specifier: "./f.ts", line: 6 },
      { specifier: undefined, line: 10 },
    ]);
  });
});

describe("the repository", () => {
  test("keeps to docs/architecture.md", () => {
    const lines: string[] = [];
    const ok = run(join(import.meta.dir, "../../.."), (line) => lines.push(line));
    expect(lines.join("\n")).toStartWith("architecture: ");
    expect(lines.join("\n")).toContain("all allowed by docs/architecture.md; no cycles");
    expect(ok).toBe(true);
  });
});

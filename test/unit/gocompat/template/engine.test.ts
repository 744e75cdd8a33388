import { describe, expect, test } from "bun:test";
import { GoPointer, GoStruct, type GoStructType } from "../../../../src/gocompat/template/values.ts";
import { run } from "./helpers.ts";

describe("text, actions and comments", () => {
  test("text without actions is copied verbatim", () => {
    expect(run("plain text, with } and { braces")).toBe("plain text, with } and { braces");
  });

  test("an action prints a field of the data", () => {
    expect(run("Hi {{ .who }}!", { who: "Ada" })).toBe("Hi Ada!");
  });

  test("a comment produces nothing", () => {
    expect(run("a{{/* ignored */}}b")).toBe("ab");
  });

  test("a comment may span lines", () => {
    expect(run("a{{/* one\ntwo */}}b")).toBe("ab");
  });

  test("a trim marker on the left removes preceding whitespace", () => {
    expect(run("a  \n\t {{- `b` }}")).toBe("ab");
  });

  test("a trim marker on the right removes following whitespace", () => {
    expect(run("{{ `a` -}} \n  b")).toBe("ab");
  });

  test("trim markers also work around comments", () => {
    expect(run("a {{- /* x */ -}} b")).toBe("ab");
  });

  test("a minus sign without a following space is a negative number, not a trim marker", () => {
    expect(run("a {{-3}} b")).toBe("a -3 b");
  });

  test("newlines inside an action are allowed", () => {
    expect(run("{{ print\n  1\n  2 }}")).toBe("1 2");
  });
});

describe("literals", () => {
  test("double-quoted strings understand Go escapes", () => {
    expect(run('{{ "tab\\there\\n\\u00e9\\x41\\101\\"" }}')).toBe("tab\there\né" + 'AA"');
  });

  test("raw strings keep backslashes and drop carriage returns", () => {
    expect(run("{{ `a\\nb\r\nc` }}")).toBe("a\\nb\nc");
  });

  test("integers print in decimal whatever base they were written in", () => {
    expect(run("{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }}")).toBe("42 -7 31 15 15 5 1000");
  });

  test("floats print like Go's %v", () => {
    expect(run("{{ 1.5 }} {{ 3.0 }} {{ 1e6 }} {{ 123456.0 }} {{ 1234567.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ .5 }}")).toBe(
      "1.5 3 1e+06 123456 1.234567e+06 0.0001 1e-05 0.5",
    );
  });

  test("a character constant is its code point", () => {
    expect(run("{{ 'a' }} {{ '\\n' }} {{ 'é' }}")).toBe("97 10 233");
  });

  test("booleans print as true and false", () => {
    expect(run("{{ true }} {{ false }}")).toBe("true false");
  });
});

describe("fields and data", () => {
  test("field chains walk nested maps", () => {
    expect(run("{{ .a.b.c }}", { a: { b: { c: "deep" } } })).toBe("deep");
  });

  test("a missing map key prints <no value>", () => {
    expect(run("[{{ .nope }}]")).toBe("[<no value>]");
  });

  test("a field of a missing key is still no value, not an error", () => {
    expect(run("{{ .nope.deeper }}")).toBe("<no value>");
  });

  test("a null map value also prints <no value>", () => {
    expect(run("{{ .n }}", { n: null })).toBe("<no value>");
  });

  test("dot is the data itself", () => {
    expect(run("{{ . }}", "just a string")).toBe("just a string");
  });

  test("slices print like Go's %v", () => {
    expect(run("{{ .list }}", { list: ["a", "b", 1.5, true, null] })).toBe("[a b 1.5 true <nil>]");
  });

  test("maps print with sorted keys", () => {
    expect(run("{{ .m }}", { m: { z: "last", a: "first" } })).toBe("map[a:first z:last]");
  });

  test("a parenthesised pipeline can be followed by fields", () => {
    expect(run("{{ (index .list 0).name }}", { list: [{ name: "first" }] })).toBe("first");
  });

  test("struct methods are called with their arguments", () => {
    const type: GoStructType = {
      name: "test.Greeter",
      fields: ["Name"],
      methods: { Greet: { params: ["string"], variadic: true, call: (self, args) => `${args.join(" ")}, ${String(self?.fields.Name)}` } },
    };
    const data = { g: new GoPointer(type, new GoStruct(type, { Name: "Ada" })) };
    expect(run('{{ .g.Greet "Good" "morning" }}|{{ .g.Greet }}|{{ "piped" | .g.Greet }}', data)).toBe("Good morning, Ada|, Ada|piped, Ada");
  });

  test("a struct with a String method prints through it", () => {
    const type: GoStructType = { name: "test.Tag", fields: ["V"], stringer: (self) => `<${String(self?.fields.V)}>` };
    expect(run("{{ .t }} {{ print .t }} {{ printf `%s|%v` .t .t }}", { t: new GoPointer(type, new GoStruct(type, { V: "x" })) })).toBe(
      "<x> <x> <x>|<x>",
    );
  });
});

describe("if, else if and else", () => {
  test("if renders its body when the pipeline is true", () => {
    expect(run("{{ if .ok }}yes{{ end }}", { ok: true })).toBe("yes");
  });

  test("if renders else when the pipeline is false", () => {
    expect(run("{{ if .ok }}yes{{ else }}no{{ end }}", { ok: false })).toBe("no");
  });

  test("else if chains pick the first true branch", () => {
    const t = "{{ if eq .n 1 }}one{{ else if eq .n 2 }}two{{ else if eq .n 3 }}three{{ else }}many{{ end }}";
    expect([1n, 2n, 3n, 9n].map((n) => run(t, { n }))).toEqual(["one", "two", "three", "many"]);
  });

  test("Go truthiness: zero values, empty strings, empty lists and maps, nil and missing are false", () => {
    const t = "{{ if . }}T{{ else }}F{{ end }}";
    expect([false, 0, 0n, "", [], {}, null, undefined].map((v) => run(t, v)).join("")).toBe("FFFFFFFF");
    expect([true, 1, -1n, "0", [0], { k: 0 }].map((v) => run(t, v)).join("")).toBe("TTTTTT");
  });

  test("a nil pointer is false and a struct is true", () => {
    const type: GoStructType = { name: "test.S", fields: [] };
    expect(run("{{ if .p }}T{{ else }}F{{ end }}{{ if .s }}T{{ end }}", { p: new GoPointer(type, null), s: new GoStruct(type, {}) })).toBe(
      "FT",
    );
  });
});

describe("with", () => {
  test("with rebinds dot to a true value", () => {
    expect(run("{{ with .user }}{{ .name }}{{ end }}", { user: { name: "Ada" } })).toBe("Ada");
  });

  test("with falls to else and keeps dot when the value is empty", () => {
    expect(run("{{ with .missing }}x{{ else }}{{ .fallback }}{{ end }}", { fallback: "fb" })).toBe("fb");
  });

  test("else with tries a second value", () => {
    expect(run("{{ with .a }}a={{ . }}{{ else with .b }}b={{ . }}{{ else }}none{{ end }}", { b: "2" })).toBe("b=2");
  });

  test("with can declare a variable", () => {
    expect(run("{{ with $x := .v }}{{ $x }}{{ . }}{{ end }}", { v: "z" })).toBe("zz");
  });
});

describe("range", () => {
  test("range over a slice sets dot to each element", () => {
    expect(run("{{ range .l }}<{{ . }}>{{ end }}", { l: ["a", "b"] })).toBe("<a><b>");
  });

  test("range with index and value variables", () => {
    expect(run("{{ range $i, $v := .l }}{{ $i }}={{ $v }};{{ end }}", { l: ["a", "b"] })).toBe("0=a;1=b;");
  });

  test("range with one variable binds the element", () => {
    expect(run("{{ range $v := .l }}{{ $v }}{{ end }}", { l: ["x", "y"] })).toBe("xy");
  });

  test("range over a map visits keys in sorted order", () => {
    expect(run("{{ range $k, $v := .m }}{{ $k }}:{{ $v }} {{ end }}", { m: { b: "2", a: "1", c: "3" } })).toBe("a:1 b:2 c:3 ");
  });

  test("range renders else for an empty slice, an empty map and a missing value", () => {
    const t = "{{ range .x }}item{{ else }}empty{{ end }}";
    expect([{ x: [] }, { x: {} }, {}].map((d) => run(t, d))).toEqual(["empty", "empty", "empty"]);
  });

  test("range over an integer counts from zero", () => {
    expect(run("{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}none{{ end }}")).toBe(
      "012|01|none",
    );
  });

  test("break leaves the loop and continue skips to the next element", () => {
    const data = { l: ["a", "skip", "b", "stop", "c"] };
    expect(
      run('{{ range .l }}{{ if eq . "skip" }}{{ continue }}{{ end }}{{ if eq . "stop" }}{{ break }}{{ end }}{{ . }}{{ end }}', data),
    ).toBe("ab");
  });

  test("nested ranges see their own dot and the outer variables", () => {
    const data = { rows: [["a", "b"], ["c"]] };
    expect(run("{{ range $r, $row := .rows }}{{ range $row }}{{ $r }}{{ . }} {{ end }}{{ end }}", data)).toBe("0a 0b 1c ");
  });

  test("$ stays the top-level data inside range", () => {
    expect(run("{{ range .l }}{{ $.sep }}{{ . }}{{ end }}", { l: ["a", "b"], sep: "/" })).toBe("/a/b");
  });
});

describe("variables", () => {
  test("a declared variable is visible in later actions", () => {
    expect(run('{{ $x := "one" }}{{ $x }}')).toBe("one");
  });

  test("declaring prints nothing", () => {
    expect(run("a{{ $x := 5 }}b")).toBe("ab");
  });

  test("assignment with = changes an outer variable from inside if", () => {
    expect(run("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}")).toBe("2");
  });

  test("a redeclaration inside if shadows and ends with the block", () => {
    expect(run("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}")).toBe("21");
  });

  test("variables can hold maps and be followed by fields", () => {
    expect(run("{{ $u := .user }}{{ $u.name }}", { user: { name: "Ada" } })).toBe("Ada");
  });

  test("a variable declared in an if pipeline is visible in both branches", () => {
    expect(run("{{ if $v := .v }}{{ $v }}{{ else }}[{{ $v }}]{{ end }}", { v: "" })).toBe("[]");
  });
});

describe("pipelines", () => {
  test("the previous value becomes the last argument", () => {
    expect(run('{{ "b" | printf "%s-%s" "a" }}')).toBe("a-b");
  });

  test("pipelines chain several commands", () => {
    expect(run('{{ "x" | printf "%s%s" "y" | len }}')).toBe("2");
  });

  test("parentheses group a pipeline used as an argument", () => {
    expect(run('{{ printf "%d" (len (print "abc" "de")) }}')).toBe("5");
  });
});

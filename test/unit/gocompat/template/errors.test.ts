import { describe, expect, test } from "bun:test";
import { renderClaims, type TemplateUser } from "../../../../src/session/custom-claims.ts";
import { TemplateExecError, TemplateParseError, compileTemplate } from "../../../../src/gocompat/template/template.ts";
import { GoPointer, GoStruct, type GoStructType, type GoValue } from "../../../../src/gocompat/template/values.ts";
import { failure } from "./helpers.ts";

const USER: TemplateUser = {
  userId: "0f0e0d0c-0b0a-4909-8807-060504030201",
  email: null,
  username: "quinn",
  name: "Quinn Vale",
  givenName: "Quinn",
  familyName: "Vale",
  picture: "",
  metadata: null,
};

/** renderClaims must leave the claim out and report it with the same error text. */
function expectSkippedByRenderClaims(template: string, message: string): void {
  const warnings: Record<string, unknown>[] = [];
  const claims = renderClaims({ broken: template, intact: "still here" }, USER, (_, fields) => warnings.push(fields));
  expect(claims).toEqual({ intact: "still here" });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.claim).toBe("broken");
  expect(String(warnings[0]!.error)).toEndWith(message);
}

// [scenario, template, the complete Go error message]
const PARSE_ERRORS: [string, string, string][] = [
  ["an action without its closing braces is unclosed", "{{ .x ", "template: :1: unclosed action"],
  ["a single closing brace is an unexpected operand", "Hi {{ .x }", 'template: :1: unexpected "}" in operand'],
  ["an unclosed action reports where it started", "{{ .x\n\n", "template: :3: unclosed action started at :1"],
  ["end without a block is unexpected", "a{{ end }}", "template: :1: unexpected {{end}}"],
  ["else without a block is unexpected", "{{ else }}", "template: :1: unexpected {{else}}"],
  ["if without end reaches an unexpected EOF", "{{ if true }}x", "template: :1: unexpected EOF"],
  ["a second else is rejected", "{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}", "template: :1: expected end; found {{else}}"],
  ["an unknown function is not defined", "{{ upper .x }}", 'template: :1: function "upper" not defined'],
  ["call is not available", "{{ call .f }}", 'template: :1: function "call" not defined'],
  ["an undeclared variable is undefined", "{{ $nope }}", 'template: :1: undefined variable "$nope"'],
  [
    "a variable is gone after the block that declared it",
    "{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}",
    'template: :1: undefined variable "$x"',
  ],
  ["an empty action is missing a value", "{{ }}", "template: :1: missing value for command"],
  ["if without a condition is missing a value", "{{ if }}x{{ end }}", "template: :1: missing value for if"],
  ["break outside range is rejected", "{{ break }}", "template: :1: {{break}} outside {{range}}"],
  ["continue outside range is rejected", "{{ if 1 }}{{ continue }}{{ end }}", "template: :1: {{continue}} outside {{range}}"],
  ["a literal cannot be a later pipeline stage", '{{ "a" | "b" }}', "template: :1: non executable command in pipeline stage 2"],
  ["a string without its closing quote is unterminated", '{{ "abc }}', "template: :1: unterminated quoted string"],
  ["a raw string without its closing quote is unterminated", "{{ `abc }}", "template: :1: unterminated raw quoted string"],
  ["an unknown escape is invalid syntax", '{{ "\\q" }}', "template: :1: invalid syntax"],
  ["a left parenthesis must be closed", "{{ (print 1 }}", "template: :1: unclosed left paren"],
  ["a lone right parenthesis is unexpected", "{{ print 1) }}", "template: :1: unexpected right paren"],
  ["a number followed by letters is bad number syntax", "{{ 3x }}", 'template: :1: bad number syntax: "3x"'],
  ["a stray character in a field name is a bad character", "{{ .a#b }}", "template: :1: bad character U+0023 '#'"],
  ["a comment must be closed", "{{/* open", "template: :1: unclosed comment"],
  ["a comment must end right before the delimiter", "{{/* c */ .x }}", "template: :1: comment ends before closing delimiter"],
  ["only range declares two variables", "{{ $a, $b := 1 }}", "template: :1: too many declarations in command"],
  ["range declares at most two variables", "{{ range $a, $b, $c := .l }}{{ end }}", "template: :1: too many declarations in range"],
  ["a field cannot follow a string literal", '{{ "a".b }}', 'template: :1: unexpected . after term "\\"a\\""'],
  ["an integer beyond 64 bits overflows", "{{ 99999999999999999999 }}", 'template: :1: integer overflow: "99999999999999999999"'],
  ["a colon must be part of :=", "{{ $ : 1 }}", "template: :1: expected :="],
  ["define is not supported", '{{ define "x" }}{{ end }}', "template: :1: {{define}} is not supported"],
  ["a parse error on a later line names that line", "line one\n{{ end }}", "template: :2: unexpected {{end}}"],
];

describe("parse errors", () => {
  test.each(PARSE_ERRORS)("%s", (_, template, message) => {
    expect(() => compileTemplate(template)).toThrow(TemplateParseError);
    expect(failure(template)).toBe(message);
    expectSkippedByRenderClaims(template, message);
  });
});

// [scenario, template, the complete Go error message]
const EXEC_ERRORS: [string, string, string][] = [
  [
    "too many arguments to a function",
    "{{ not 1 2 }}",
    'template: :1:3: executing "" at <not>: wrong number of args for not: want 1 got 2',
  ],
  [
    "too few arguments to a variadic function",
    "{{ and }}",
    'template: :1:3: executing "" at <and>: wrong number of args for and: want at least 1 got 0',
  ],
  [
    "a function used as an argument gets no arguments",
    "{{ print len }}",
    'template: :1:9: executing "" at <len>: wrong number of args for len: want 1 got 0',
  ],
  ["assigning an undeclared variable", "{{ $x = 1 }}", 'template: :1:8: executing "" at <1>: undefined variable: $x'],
  ["nil alone is not a command", "{{ nil }}", 'template: :1:3: executing "" at <nil>: nil is not a command'],
  ["a literal cannot take arguments", "{{ 1 2 }}", 'template: :1:3: executing "" at <1>: can\'t give argument to non-function 1'],
  [
    "an index past the end",
    '{{ index "abc" 5 }}',
    'template: :1:3: executing "" at <index "abc" 5>: error calling index: index out of range: 5',
  ],
  [
    "indexing a number",
    "{{ index 1 0 }}",
    'template: :1:3: executing "" at <index 1 0>: error calling index: can\'t index item of type int',
  ],
  ["indexing nil", "{{ index nil 0 }}", 'template: :1:3: executing "" at <index nil 0>: error calling index: index of untyped nil'],
  [
    "indexing a string with a string",
    '{{ index "abc" "a" }}',
    'template: :1:3: executing "" at <index "abc" "a">: error calling index: cannot index slice/array with type string',
  ],
  [
    "slice bounds in the wrong order",
    '{{ slice "abc" 2 1 }}',
    'template: :1:3: executing "" at <slice "abc" 2 1>: error calling slice: invalid slice index: 2 > 1',
  ],
  [
    "a three-index slice of a string",
    '{{ slice "abc" 0 1 2 }}',
    'template: :1:3: executing "" at <slice "abc" 0 1 2>: error calling slice: cannot 3-index slice a string',
  ],
  ["len of a number", "{{ len 3 }}", 'template: :1:3: executing "" at <len 3>: error calling len: len of type int'],
  ["range over a float", "{{ range 1.5 }}{{ end }}", 'template: :1:9: executing "" at <1.5>: range can\'t iterate over float64'],
  [
    "two range variables over an integer",
    "{{ range $i, $v := 3 }}{{ end }}",
    'template: :1:19: executing "" at <3>: can\'t use 3 to iterate over more than one variable',
  ],
  ["a number where printf wants a format string", "{{ printf 3 }}", 'template: :1:10: executing "" at <3>: expected string; found 3'],
  ["nil where printf wants a format string", "{{ printf nil }}", 'template: :1:10: executing "" at <nil>: cannot assign nil to string'],
  [
    "an integer literal too large for int",
    "{{ 18446744073709551615 }}",
    'template: :1:3: executing "" at <18446744073709551615>: 18446744073709551615 overflows int',
  ],
];

describe("execution errors", () => {
  test.each(EXEC_ERRORS)("%s", (_, template, message) => {
    const compiled = compileTemplate(template);
    expect(() => compiled.execute({})).toThrow(TemplateExecError);
    expect(failure(template)).toBe(message);
    expectSkippedByRenderClaims(template, message);
  });
});

const POINT: GoStructType = { name: "geo.Point", fields: ["X", "label"] };

// [scenario, template, data, the complete Go error message]
const DATA_ERRORS: [string, string, GoValue, string][] = [
  [
    "a field through a nil pointer",
    "{{ .p.X }}",
    { p: new GoPointer(POINT, null) },
    'template: :1:5: executing "" at <.p.X>: nil pointer evaluating *geo.Point.X',
  ],
  [
    "an unknown field of a struct",
    "{{ .p.Y }}",
    { p: new GoPointer(POINT, new GoStruct(POINT, { X: 1n, label: "a" })) },
    'template: :1:5: executing "" at <.p.Y>: can\'t evaluate field Y in type *geo.Point',
  ],
  [
    "an unexported field of a struct",
    "{{ .p.label }}",
    { p: new GoPointer(POINT, new GoStruct(POINT, { X: 1n, label: "a" })) },
    'template: :1:5: executing "" at <.p.label>: label is an unexported field of struct type *geo.Point',
  ],
  [
    "a struct field given arguments",
    "{{ .p.X 1 }}",
    { p: new GoPointer(POINT, new GoStruct(POINT, { X: 1n, label: "a" })) },
    'template: :1:5: executing "" at <.p.X>: X has arguments but cannot be invoked as function',
  ],
  [
    "a field of a string",
    "{{ .s.len }}",
    { s: "text" },
    'template: :1:5: executing "" at <.s.len>: can\'t evaluate field len in type string',
  ],
  [
    "a field of a null map value",
    "{{ .n.x }}",
    { n: null },
    'template: :1:5: executing "" at <.n.x>: nil pointer evaluating interface {}.x',
  ],
  [
    "a map entry given arguments",
    "{{ .m.k 1 }}",
    { m: { k: "v" } },
    'template: :1:5: executing "" at <.m.k>: k is not a method but has arguments',
  ],
  [
    "a missing value where printf wants a format string",
    "{{ printf .none }}",
    {},
    'template: :1:10: executing "" at <.none>: invalid value; expected string',
  ],
  [
    "a map field given a piped value",
    '{{ "x" | .field }}',
    { field: "f" },
    'template: :1:9: executing "" at <.field>: field is not a method but has arguments',
  ],
  [
    "a non-string format for printf",
    "{{ printf .n }}",
    { n: 5n },
    'template: :1:10: executing "" at <.n>: wrong type for value; expected string; got int',
  ],
  [
    "an error on a later line names line and column",
    "ok\n  {{ .a.b.c }}",
    { a: { b: 1n } },
    'template: :2:7: executing "" at <.a.b.c>: can\'t evaluate field c in type int',
  ],
];

describe("errors that depend on the data", () => {
  test.each(DATA_ERRORS)("%s", (_, template, data, message) => {
    expect(() => compileTemplate(template).execute(data)).toThrow(TemplateExecError);
    expect(failure(template, data)).toBe(message);
  });
});

describe("errors reading user fields in claims", () => {
  test("an unknown user field skips the claim", () => {
    expectSkippedByRenderClaims("{{ .User.Phone }}", "can't evaluate field Phone in type *dto.UserJWT");
  });

  test("the address of a missing email skips the claim", () => {
    expectSkippedByRenderClaims("{{ .User.Email.IsVerified }}", "nil pointer evaluating *dto.EmailJWT.IsVerified");
  });

  test("metadata of a user without metadata skips the claim", () => {
    expectSkippedByRenderClaims(
      '{{ .User.Metadata.Unsafe "x" }}',
      "error calling Unsafe: runtime error: invalid memory address or nil pointer dereference",
    );
  });

  test("a user string given arguments skips the claim", () => {
    expectSkippedByRenderClaims('{{ .User.Name "x" }}', "Name has arguments but cannot be invoked as function");
  });
});

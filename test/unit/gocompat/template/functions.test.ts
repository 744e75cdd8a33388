import { describe, expect, test } from "bun:test";
import { GoPointer, type GoStructType } from "../../../../src/gocompat/template/values.ts";
import { failure, run } from "./helpers.ts";

describe("and, or, not", () => {
  test("and returns the first false argument or else the last one", () => {
    expect(run('{{ and 1 0 "x" }}|{{ and 1 "x" 2 }}|{{ and "" 5 }}')).toBe("0|2|");
  });

  test("or returns the first true argument or else the last one", () => {
    expect(run('{{ or 0 "" "x" 1 }}|{{ or 0 "" }}|{{ or .missing "default" }}')).toBe("x||default");
  });

  test("and and or stop evaluating once the result is decided", () => {
    // The second argument would fail if it were evaluated.
    expect(run("{{ and false (index .l 99) }}|{{ or true (index .l 99) }}", { l: [] })).toBe("false|true");
  });

  test("and and or take the piped value as their last argument", () => {
    expect(run('{{ "piped" | and 1 }}|{{ "piped" | or 0 }}|{{ "piped" | or "first" }}')).toBe("piped|piped|first");
  });

  test("not negates Go truthiness", () => {
    expect(run('{{ not 0 }} {{ not "" }} {{ not "a" }} {{ not .missing }} {{ not .list }}', { list: [1] })).toBe(
      "true true false true false",
    );
  });
});

describe("comparison functions", () => {
  test("eq compares strings, integers, floats and booleans of the same kind", () => {
    expect(run('{{ eq "a" "a" }} {{ eq 1 2 }} {{ eq 1.5 1.5 }} {{ eq true true }}')).toBe("true false true true");
  });

  test("eq with several arguments is true when the first equals any of the others", () => {
    expect(run('{{ eq "b" "a" "b" "c" }} {{ eq "z" "a" "b" }}')).toBe("true false");
  });

  test("ne is the negation of eq", () => {
    expect(run('{{ ne "a" "b" }} {{ ne 3 3 }}')).toBe("true false");
  });

  test("lt, le, gt and ge order integers", () => {
    expect(run("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge 2 2 }} {{ gt 3 -1 }}")).toBe("true true false true true");
  });

  test("lt, le, gt and ge order floats", () => {
    expect(run("{{ lt 1.5 2.5 }} {{ le 2.5 2.5 }} {{ gt 0.1 0.2 }} {{ ge 3.25 3.0 }}")).toBe("true true false true");
  });

  test("strings are ordered byte-wise", () => {
    expect(run('{{ lt "apple" "banana" }} {{ lt "Z" "a" }} {{ gt "b" "abc" }} {{ lt "ab" "abc" }}')).toBe("true true true true");
  });

  test("comparing an int with a float is an error, as Go does not convert", () => {
    expect(failure("{{ eq 1 1.0 }}")).toBe(
      'template: :1:3: executing "" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64',
    );
    expect(failure("{{ lt 1 1.5 }}")).toBe(
      'template: :1:3: executing "" at <lt 1 1.5>: error calling lt: incompatible types for comparison: int and float64',
    );
  });

  test("a float from the data does not compare with an integer literal", () => {
    expect(failure("{{ gt .n 10 }}", { n: 12.5 })).toContain("error calling gt: incompatible types for comparison: float64 and int");
    expect(run("{{ gt .n 10.0 }}", { n: 12.5 })).toBe("true");
  });

  test("comparing a string with a number is an error", () => {
    expect(failure('{{ eq "1" 1 }}')).toContain("error calling eq: incompatible types for comparison: string and int");
  });

  test("eq against a missing value is simply false", () => {
    expect(run('{{ eq .missing "x" }} {{ eq "x" .missing }}')).toBe("false false");
  });

  test("ordering booleans is an error", () => {
    expect(failure("{{ lt true false }}")).toContain("error calling lt: invalid type for comparison");
  });

  test("ordering a missing value is an error", () => {
    expect(failure("{{ lt .missing 1 }}")).toContain("error calling lt: invalid type for comparison");
  });

  test("eq with a single argument is an error", () => {
    expect(failure("{{ eq 1 }}")).toContain("error calling eq: missing argument for comparison");
  });

  test("eq on two lists is an error", () => {
    expect(failure("{{ eq .a .b }}", { a: [1], b: [1] })).toContain("error calling eq: non-comparable type []interface {}");
  });

  test("eq on nil values: nil equals nil", () => {
    const type: GoStructType = { name: "test.S", fields: [] };
    expect(run("{{ eq .p nil }} {{ eq nil nil }}", { p: new GoPointer(type, null) })).toBe("true true");
  });
});

describe("len, index and slice", () => {
  test("len counts bytes of strings, elements of lists and keys of maps", () => {
    expect(run('{{ len "héllo" }} {{ len .l }} {{ len .m }}', { l: [1, 2, 3], m: { a: 1 } })).toBe("6 3 1");
  });

  test("index reads list elements, nested lists and map entries", () => {
    const data = { l: ["a", ["b", "c"]], m: { key: "v" } };
    expect(run('{{ index .l 0 }} {{ index .l 1 1 }} {{ index .m "key" }}', data)).toBe("a c v");
  });

  test("index of a missing map key gives no value", () => {
    expect(run('{{ index .m "nope" }}', { m: {} })).toBe("<no value>");
  });

  test("index of a string gives the byte value", () => {
    expect(run('{{ index "abc" 1 }}')).toBe("98");
  });

  test("slice cuts strings by bytes and lists by elements", () => {
    expect(run('{{ slice "abcdef" 1 3 }} {{ slice "abcdef" 4 }} {{ slice .l 1 }} {{ slice .l }}', { l: ["x", "y", "z"] })).toBe(
      "bc ef [y z] [x y z]",
    );
  });

  test("three-index slices work on lists", () => {
    expect(run("{{ slice .l 0 1 2 }}", { l: ["x", "y", "z"] })).toBe("[x]");
  });
});

describe("print, println, printf", () => {
  test("print puts spaces only between operands that are not strings", () => {
    expect(run('{{ print 1 2 "a" "b" 3 true }}')).toBe("1 2ab3 true");
  });

  test("println separates every operand and ends with a newline", () => {
    expect(run('{{ println "a" "b" 1 }}')).toBe("a b 1\n");
  });

  test("print shows a missing value as <nil>", () => {
    expect(run("{{ print .missing }}")).toBe("<nil>");
  });

  test("printf %s %d %v %t %q and %%", () => {
    expect(run('{{ printf "%s|%d|%v|%t|%q|100%%" "str" 42 1.25 true "q\\"uote" }}')).toBe('str|42|1.25|true|"q\\"uote"|100%');
  });

  test("printf pads and truncates with width and precision", () => {
    expect(run('{{ printf "[%5s][%-5s][%.2s][%05d][%.2f][%8.3f]" "ab" "ab" "abcdef" 42 3.14159 2.5 }}')).toBe(
      "[   ab][ab   ][ab][00042][3.14][   2.500]",
    );
  });

  test("printf %x, %X, %o, %b, %c and %e", () => {
    expect(run('{{ printf "%x %X %o %b %c %e %x" 255 255 8 5 65 1234.5 "hi" }}')).toBe("ff FF 10 101 A 1.234500e+03 6869");
  });

  test("printf %v prints lists and maps", () => {
    expect(run('{{ printf "%v %v" .l .m }}', { l: ["a", 1n], m: { k: "v" } })).toBe("[a 1] map[k:v]");
  });

  test("printf reports wrong verbs, missing and extra arguments inline as Go does", () => {
    expect(run('{{ printf "%d" "x" }}|{{ printf "%s %s" "a" }}|{{ printf "%s" "a" 1 }}|{{ printf "100%" }}')).toBe(
      "%!d(string=x)|a %!s(MISSING)|a%!(EXTRA int=1)|100%!(NOVERB)",
    );
  });

  test("printf %s of nil and %v of nil", () => {
    expect(run('{{ printf "%s %v" nil nil }}')).toBe("%!s(<nil>) <nil>");
  });

  test("printf %T prints Go type names", () => {
    expect(run('{{ printf "%T %T %T %T %T" "s" 1 1.5 true .l }}', { l: [] })).toBe("string int float64 bool []interface {}");
  });

  test("printf %q of an integer quotes the character", () => {
    expect(run('{{ printf "%q" 97 }}')).toBe("'a'");
  });

  test("printf %q escapes control characters like strconv.Quote", () => {
    expect(run('{{ printf "%q" "a\\tb\\x01\\u00e9" }}')).toBe('"a\\tb\\x01é"');
  });
});

describe("html, js, urlquery", () => {
  test("html escapes markup characters", () => {
    expect(run(`{{ html "<a href=\\"x\\">O'Neil & co</a>" }}`)).toBe("&lt;a href=&#34;x&#34;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
  });

  test("js escapes quotes, angle brackets, ampersands, equals signs and control characters", () => {
    expect(run(`{{ js "it's \\"<b>\\" & a=b\\n" }}`)).toBe('it\\\'s \\"\\u003Cb\\u003E\\" \\u0026 a\\u003Db\\u000A');
  });

  test("urlquery encodes for a query string", () => {
    expect(run('{{ urlquery "a b&c=d/é~" }}')).toBe("a+b%26c%3Dd%2F%C3%A9~");
  });

  test("the escapers print several arguments like print does", () => {
    expect(run("{{ html 1 2 }}|{{ urlquery .missing }}")).toBe("1 2|%3Cno+value%3E");
  });
});

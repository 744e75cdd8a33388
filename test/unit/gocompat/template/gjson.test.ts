import { describe, expect, test } from "bun:test";
import { gjsonGet } from "../../../../src/gocompat/gjson.ts";

const DOC = `{
  "owner": {"first": "Iris", "last": "Marsh"},
  "age": 41,
  "ratio": 0.50,
  "big": 1e3,
  "negative": -12,
  "active": true,
  "retired": false,
  "spouse": null,
  "tags": ["red", "green", "blue"],
  "fav.color": "teal",
  "a*b": "star key",
  "escaped \\"key\\"": "quoted",
  "unicode": "caf\\u00e9 \\ud83d\\ude00",
  "pets": [
    {"name": "Rex", "kind": "dog", "age": 7, "vaccinated": true, "tags": {"chip": 1}},
    {"name": "Tom", "kind": "cat", "age": 12, "vaccinated": false},
    {"name": "Zelda", "kind": "cat", "age": 3, "vaccinated": true, "tags": {"chip": 2}}
  ],
  "matrix": [[1, 2], [3, 4]]
}`;

const get = (path: string): string => gjsonGet(DOC, path).string();
const exists = (path: string): boolean => gjsonGet(DOC, path).exists;

describe("keys and values", () => {
  test("a top-level string key", () => {
    expect(get("owner.first")).toBe("Iris");
  });

  test("an integer keeps its text", () => {
    expect(get("age")).toBe("41");
    expect(get("negative")).toBe("-12");
  });

  test("other numbers are printed without exponent or trailing zeros", () => {
    expect(get("ratio")).toBe("0.5");
    expect(get("big")).toBe("1000");
  });

  test("booleans print as true and false", () => {
    expect(get("active")).toBe("true");
    expect(get("retired")).toBe("false");
  });

  test("null exists but prints as an empty string", () => {
    expect(exists("spouse")).toBe(true);
    expect(get("spouse")).toBe("");
  });

  test("objects and arrays print as their raw JSON text", () => {
    expect(get("owner")).toBe('{"first": "Iris", "last": "Marsh"}');
    expect(get("tags")).toBe('["red", "green", "blue"]');
  });

  test("string escapes are decoded, including surrogate pairs", () => {
    expect(get("unicode")).toBe("café 😀");
  });

  test("a missing key does not exist and prints as an empty string", () => {
    expect(exists("nope")).toBe(false);
    expect(get("nope")).toBe("");
    expect(get("owner.middle")).toBe("");
  });

  test("a path through a scalar does not exist", () => {
    expect(exists("age.value")).toBe(false);
  });

  test("an empty path does not exist", () => {
    expect(exists("")).toBe(false);
  });

  test("invalid JSON yields nothing", () => {
    expect(gjsonGet("not json", "a").exists).toBe(false);
    expect(gjsonGet("", "a").exists).toBe(false);
  });

  test("the type of each result is reported", () => {
    expect(["owner", "age", "owner.first", "active", "retired", "spouse", "nope"].map((p) => gjsonGet(DOC, p).type)).toEqual([
      "json",
      "number",
      "string",
      "true",
      "false",
      "null",
      "missing",
    ]);
  });
});

describe("escapes and wildcards", () => {
  test("a backslash escapes a dot inside a key", () => {
    expect(get("fav\\.color")).toBe("teal");
  });

  test("without the escape the dot separates keys", () => {
    expect(exists("fav.color")).toBe(false);
  });

  test("an escaped star matches a literal star", () => {
    expect(get("a\\*b")).toBe("star key");
  });

  test("a key with escaped quotes is found", () => {
    expect(get('escaped "key"')).toBe("quoted");
  });

  test("a star matches any run of characters in a key", () => {
    expect(get("own*.la*")).toBe("Marsh");
  });

  test("a question mark matches one character", () => {
    expect(get("a?e")).toBe("41");
    expect(exists("a?")).toBe(false);
  });

  test("the first key matching a wildcard wins", () => {
    expect(get("*.first")).toBe("Iris");
  });

  test("a wildcard moves on to the next matching key when the rest of the path is missing", () => {
    expect(gjsonGet('{"ab": {"x": 1}, "ac": {"y": 2}}', "a*.y").string()).toBe("2");
  });
});

describe("arrays", () => {
  test("a numeric component indexes an array", () => {
    expect(get("tags.1")).toBe("green");
    expect(get("pets.2.name")).toBe("Zelda");
    expect(get("matrix.1.0")).toBe("3");
  });

  test("an index past the end does not exist", () => {
    expect(exists("tags.3")).toBe(false);
  });

  test("a non-numeric component on an array does not exist", () => {
    expect(exists("tags.first")).toBe(false);
  });

  test("# is the array length", () => {
    expect(get("tags.#")).toBe("3");
    expect(get("pets.#")).toBe("3");
  });

  test("#.field collects that field from every element into a JSON array", () => {
    expect(get("pets.#.name")).toBe('["Rex","Tom","Zelda"]');
  });

  test("#.field skips elements without the field", () => {
    expect(get("pets.#.tags.chip")).toBe("[1,2]");
  });

  test("#.# nests: the length of every inner array", () => {
    expect(get("matrix.#.#")).toBe("[2,2]");
  });

  test("#.field on elements that never have it is an empty array", () => {
    expect(get("pets.#.color")).toBe("[]");
  });
});

describe("queries", () => {
  test("#(field==value) returns the first match", () => {
    expect(get('pets.#(kind=="cat").name')).toBe("Tom");
  });

  test("#(...)# returns all matches", () => {
    expect(get('pets.#(kind=="cat")#.name')).toBe('["Tom","Zelda"]');
  });

  test("a query without a following path returns the whole element", () => {
    expect(JSON.parse(get('pets.#(name=="Rex")'))).toEqual({ name: "Rex", kind: "dog", age: 7, vaccinated: true, tags: { chip: 1 } });
  });

  test("numeric comparisons > < >= <= != and ==", () => {
    expect(get("pets.#(age>10).name")).toBe("Tom");
    expect(get("pets.#(age<5).name")).toBe("Zelda");
    expect(get("pets.#(age>=7)#.name")).toBe('["Rex","Tom"]');
    expect(get("pets.#(age<=7)#.name")).toBe('["Rex","Zelda"]');
    expect(get("pets.#(age!=7)#.name")).toBe('["Tom","Zelda"]');
    expect(get("pets.#(age==12).name")).toBe("Tom");
  });

  test("a single = works like ==", () => {
    expect(get("pets.#(age=3).name")).toBe("Zelda");
  });

  test("string comparisons order lexically", () => {
    expect(get('pets.#(name>"S")#.name')).toBe('["Tom","Zelda"]');
  });

  test("% matches a pattern and !% excludes it", () => {
    expect(get('pets.#(name%"T*").name')).toBe("Tom");
    expect(get('pets.#(name%"?e?").name')).toBe("Rex");
    expect(get('pets.#(name!%"*e*")#.name')).toBe('["Tom"]');
  });

  test("boolean values compare with true and false", () => {
    expect(get("pets.#(vaccinated==true)#.name")).toBe('["Rex","Zelda"]');
    expect(get("pets.#(vaccinated==false).name")).toBe("Tom");
  });

  test("a query on a nested key", () => {
    expect(get("pets.#(tags.chip>1).name")).toBe("Zelda");
  });

  test("a query without an operator checks that the key exists", () => {
    expect(get("pets.#(tags)#.name")).toBe('["Rex","Zelda"]');
  });

  test("a query over an array of scalars compares the elements themselves", () => {
    expect(get('tags.#(!="red")#')).toBe('["green","blue"]');
    expect(get('tags.#(%"b*")')).toBe("blue");
  });

  test("a query value may contain dots and parentheses inside quotes", () => {
    expect(gjsonGet('{"l":[{"v":"a.b(c)"}]}', 'l.#(v=="a.b(c)").v').string()).toBe("a.b(c)");
  });

  test("an unquoted query value is compared as text", () => {
    expect(get("pets.#(name==Zelda).age")).toBe("3");
  });

  test("spaces around the operator are allowed", () => {
    expect(get('pets.#(kind == "dog").name')).toBe("Rex");
  });

  test("no match for a first-match query does not exist", () => {
    expect(exists('pets.#(kind=="bird")')).toBe(false);
  });

  test("no match for an all-matches query is an empty array", () => {
    expect(get('pets.#(kind=="bird")#')).toBe("[]");
  });

  test("an unbalanced query does not exist", () => {
    expect(exists("pets.#(age>1")).toBe(false);
  });
});

describe("left-out syntax", () => {
  test("@this returns the whole document", () => {
    expect(gjsonGet(' {"a":1}', "@this").string()).toBe('{"a":1}');
    expect(get("owner.@this.first")).toBe("Iris");
  });

  test("other modifiers do not exist", () => {
    expect(exists("tags.@reverse")).toBe(false);
    expect(exists("@pretty")).toBe(false);
  });

  test("multipaths, literals, pipes and JSON lines do not exist", () => {
    expect(exists("{owner,age}")).toBe(false);
    expect(exists("[owner,age]")).toBe(false);
    expect(exists("!true")).toBe(false);
    expect(exists("owner|first")).toBe(false);
    expect(exists("..0")).toBe(false);
  });
});

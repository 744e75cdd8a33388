/**
 * Query strings as Hanko's Go stack reads and writes them: `url.ParseQuery` (pairs with `;` or a bad
 * escape are dropped), Echo's query binder (first value wins, names matched case-insensitively when
 * no exact match exists, integers through `strconv.ParseInt`) and `url.Values.Encode` for links.
 */
export type GoQuery = Map<string, string[]>;

export function parseGoQuery(rawQuery: string): GoQuery {
  const values: GoQuery = new Map();
  for (const pair of rawQuery.split("&")) {
    if (pair === "" || pair.includes(";")) continue;
    const equals = pair.indexOf("=");
    const key = unescapeQuery(equals < 0 ? pair : pair.slice(0, equals));
    const value = unescapeQuery(equals < 0 ? "" : pair.slice(equals + 1));
    if (key === undefined || value === undefined) continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return values;
}

function unescapeQuery(text: string): string | undefined {
  if (/%(?![0-9a-fA-F]{2})/.test(text)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "%") {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === "+") bytes.push(0x20);
    else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The value Echo binds to a field tagged `query:"name"`. */
export function boundQueryValue(query: GoQuery, name: string): string | undefined {
  const exact = query.get(name);
  if (exact) return exact[0];
  for (const [key, values] of query) if (key.toLowerCase() === name.toLowerCase()) return values[0];
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Echo's binding of an `int` field: empty is 0; the error is `strconv.ParseInt`'s. */
export function bindGoInt(value: string | undefined): { ok: true; value: bigint } | { ok: false; error: string } {
  if (value === undefined || value === "") return { ok: true, value: 0n };
  if (!/^[+-]?\d+$/.test(value)) return { ok: false, error: `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax` };
  const parsed = BigInt(value);
  if (parsed < INT64_MIN || parsed > INT64_MAX) {
    return { ok: false, error: `strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range` };
  }
  return { ok: true, value: parsed };
}

/** `url.Values.Encode`: keys sorted bytewise, each value escaped with `url.QueryEscape`. */
export function encodeGoQuery(query: GoQuery): string {
  const keys = [...query.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return keys.flatMap((key) => query.get(key)!.map((value) => `${queryEscape(key)}=${queryEscape(value)}`)).join("&");
}

function queryEscape(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

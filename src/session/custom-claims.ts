// Custom session JWT claims from `session.jwt_template.claims`, rendered the way Hanko's session/template.go does.
import { gjsonGet } from "../gocompat/gjson.ts";
import { compileTemplate } from "../gocompat/template/template.ts";
import { CallError, GoPointer, GoStruct, type GoMethod, type GoStructType, type GoValue } from "../gocompat/template/values.ts";

export interface TemplateUser {
  userId: string;
  email: { address: string; isPrimary: boolean; isVerified: boolean } | null;
  username: string;
  name: string;
  givenName: string;
  familyName: string;
  picture: string;
  metadata: { public: string | null; unsafe: string | null } | null;
}

// ---- JSON as Go's encoding/json writes it (HTML-safe escaping) ----

function goJsonString(s: string): string {
  return JSON.stringify(s.toWellFormed()).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** json.Compact with HTML escaping, as encoding/json applies to a RawMessage; null if the text is not JSON. */
function compactGoJson(raw: string): string | null {
  try {
    JSON.parse(raw);
  } catch {
    return null;
  }
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < raw.length && raw[j] !== '"') j += raw[j] === "\\" ? 2 : 1;
      out += raw.slice(i, j + 1).replace(/[<>&\u2028\u2029]/g, (x) => "\\u" + x.charCodeAt(0).toString(16).padStart(4, "0"));
      i = j;
    } else if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") {
      out += c;
    }
  }
  return out;
}

// ---- the Go types Hanko exposes to templates ----

/** What Go reports when a method dereferences its nil receiver. */
function panicNilPointer(): never {
  throw new CallError("runtime error: invalid memory address or nil pointer dereference");
}

function metadataRaw(receiver: GoStruct | null, which: "public" | "unsafe"): string {
  if (receiver === null) panicNilPointer();
  const raw = receiver.fields[which];
  return typeof raw === "string" ? raw : "";
}

/** MetadataJWT.Public / Unsafe: path segments joined with "." as a GJSON path; no segment → the whole document. */
function metadataAccessor(which: "public" | "unsafe"): GoMethod {
  return {
    params: ["string"],
    variadic: true,
    call: (receiver, args) => {
      const raw = metadataRaw(receiver, which);
      return gjsonGet(raw, args.length === 0 ? "@this" : args.join(".")).string();
    },
  };
}

function metadataJson(receiver: GoStruct): string | null {
  const parts: string[] = [];
  for (const [field, key] of [
    ["public", "public_metadata"],
    ["unsafe", "unsafe_metadata"],
  ] as const) {
    const raw = receiver.fields[field];
    if (typeof raw !== "string" || raw === "") continue;
    const compact = compactGoJson(raw);
    if (compact === null) return null;
    parts.push(`${goJsonString(key)}:${compact}`);
  }
  return "{" + parts.join(",") + "}";
}

const METADATA_TYPE: GoStructType = {
  name: "dto.MetadataJWT",
  fields: ["public", "unsafe"],
  methods: {
    Public: metadataAccessor("public"),
    Unsafe: metadataAccessor("unsafe"),
    String: { params: [], variadic: false, call: (receiver) => (receiver === null ? "" : (metadataJson(receiver) ?? "")) },
  },
  stringer: (receiver) => (receiver === null ? "" : (metadataJson(receiver) ?? "")),
};

function emailJson(receiver: GoStruct): string {
  const f = receiver.fields;
  return `{"address":${goJsonString(String(f.Address))},"is_primary":${f.IsPrimary === true},"is_verified":${f.IsVerified === true}}`;
}

const EMAIL_TYPE: GoStructType = {
  name: "dto.EmailJWT",
  fields: ["Address", "IsPrimary", "IsVerified"],
  methods: { String: { params: [], variadic: false, call: (receiver) => (receiver === null ? "" : emailJson(receiver)) } },
  stringer: (receiver) => (receiver === null ? "" : emailJson(receiver)),
};

function userJson(receiver: GoStruct): string {
  const f = receiver.fields;
  const str = (v: GoValue): string => goJsonString(typeof v === "string" ? v : "");
  const parts = [`"user_id":${str(f.UserID)}`];
  const email = f.Email;
  if (email instanceof GoPointer && email.target) parts.push(`"email":${emailJson(email.target)}`);
  parts.push(`"username":${str(f.Username)}`);
  const metadata = f.Metadata;
  if (metadata instanceof GoPointer && metadata.target) {
    const json = metadataJson(metadata.target);
    // encoding/json fails on invalid raw metadata, and String() then returns "".
    if (json === null) return "";
    parts.push(`"metadata":${json}`);
  }
  parts.push(
    `"name":${str(f.Name)}`,
    `"family_name":${str(f.FamilyName)}`,
    `"given_name":${str(f.GivenName)}`,
    `"picture":${str(f.Picture)}`,
  );
  return "{" + parts.join(",") + "}";
}

const USER_TYPE: GoStructType = {
  name: "dto.UserJWT",
  fields: ["UserID", "Email", "Username", "Metadata", "Name", "FamilyName", "GivenName", "Picture"],
  methods: { String: { params: [], variadic: false, call: (receiver) => (receiver === null ? "" : userJson(receiver)) } },
  stringer: (receiver) => (receiver === null ? "" : userJson(receiver)),
};

const DATA_TYPE: GoStructType = { name: "session.JWTTemplateData", fields: ["User"] };

/** Hanko drops metadata that is absent or exactly "{}". */
function presentMetadata(raw: string | null): string | null {
  return raw === null || raw === "{}" ? null : raw;
}

/** The template data `{ .User }` for a user, shaped like Hanko's JWTTemplateData. */
export function templateData(user: TemplateUser): GoStruct {
  const email = user.email
    ? new GoStruct(EMAIL_TYPE, { Address: user.email.address, IsPrimary: user.email.isPrimary, IsVerified: user.email.isVerified })
    : null;
  const pub = presentMetadata(user.metadata?.public ?? null);
  const unsafe = presentMetadata(user.metadata?.unsafe ?? null);
  const metadata = pub === null && unsafe === null ? null : new GoStruct(METADATA_TYPE, { public: pub, unsafe });
  const userStruct = new GoStruct(USER_TYPE, {
    UserID: user.userId,
    Email: new GoPointer(EMAIL_TYPE, email),
    Username: user.username,
    Metadata: new GoPointer(METADATA_TYPE, metadata),
    Name: user.name,
    FamilyName: user.familyName,
    GivenName: user.givenName,
    Picture: user.picture,
  });
  return new GoStruct(DATA_TYPE, { User: new GoPointer(USER_TYPE, userStruct) });
}

// ---- claim processing ----

/** Turns template output into a claim value: "true"/"false" → boolean, JSON object/array text → that value. */
function interpretOutput(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if ((text.startsWith("{") && text.endsWith("}")) || (text.startsWith("[") && text.endsWith("]"))) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not JSON after all: keep the text
    }
  }
  return text;
}

function renderTemplate(text: string, data: GoStruct): unknown {
  let template;
  try {
    template = compileTemplate(text);
  } catch (e) {
    throw new Error(`failed to parse template: ${e instanceof Error ? e.message : String(e)}`);
  }
  let output: string;
  try {
    output = template.execute(data);
  } catch (e) {
    throw new Error(`failed to execute template: ${e instanceof Error ? e.message : String(e)}`);
  }
  return interpretOutput(output);
}

function renderValue(value: unknown, data: GoStruct): unknown {
  if (typeof value === "string") return renderTemplate(value, data);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, data));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, data);
    return out;
  }
  return value;
}

/**
 * Renders `session.jwt_template.claims` for a user. Strings anywhere in the structure are Go templates
 * over `{ .User }`; other values are kept. A claim whose template fails to parse or execute is left
 * out and reported through `warn` with its name and the error. Never throws.
 */
export function renderClaims(
  claims: Record<string, unknown>,
  user: TemplateUser,
  warn: (message: string, fields: Record<string, unknown>) => void,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let data: GoStruct;
  try {
    data = templateData(user);
  } catch (e) {
    warn("failed to prepare JWT template data", { error: e instanceof Error ? e.message : String(e) });
    return result;
  }
  for (const [claim, value] of Object.entries(claims)) {
    try {
      result[claim] = renderValue(value, data);
    } catch (e) {
      try {
        warn("failed to process custom JWT claim template", { claim, error: e instanceof Error ? e.message : String(e) });
      } catch {
        // a failing logger must not break token issuance
      }
    }
  }
  return result;
}

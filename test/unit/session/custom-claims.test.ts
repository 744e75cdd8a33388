import { describe, expect, test } from "bun:test";
import { renderClaims, type TemplateUser } from "../../../src/session/custom-claims.ts";

interface Warning {
  message: string;
  fields: Record<string, unknown>;
}

function render(claims: Record<string, unknown>, user: TemplateUser): { claims: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const result = renderClaims(claims, user, (message, fields) => warnings.push({ message, fields }));
  return { claims: result, warnings };
}

const LIBRARY = JSON.stringify({
  nickname: "Bookworm",
  shelves: [
    { title: "Dune", kind: "Novel", pages: 412.5 },
    { title: "Watchmen", kind: "Comic", pages: 98.1 },
  ],
});

function user(overrides: Partial<TemplateUser> = {}): TemplateUser {
  return {
    userId: "7c1f2a9e-0b3d-4e5f-8a6b-1c2d3e4f5a6b",
    email: { address: "mara@example.org", isPrimary: true, isVerified: true },
    username: "mara",
    name: "Mara Quill",
    givenName: "Mara",
    familyName: "Quill",
    picture: "https://img.example.org/mara.png",
    metadata: { public: LIBRARY, unsafe: JSON.stringify({ color_scheme: "solarized" }) },
    ...overrides,
  };
}

describe("the documented jwt_template examples", () => {
  test("a static string claim is copied unchanged", () => {
    expect(render({ role: "member" }, user()).claims).toEqual({ role: "member" });
  });

  test("user_email inserts the primary email address", () => {
    expect(render({ user_email: "{{.User.Email.Address}}" }, user()).claims).toEqual({ user_email: "mara@example.org" });
  });

  test("is_verified becomes a JSON boolean, not the text true", () => {
    expect(render({ is_verified: "{{.User.Email.IsVerified}}" }, user()).claims).toEqual({ is_verified: true });
    const unverified = user({ email: { address: "x@example.org", isPrimary: true, isVerified: false } });
    expect(render({ is_verified: "{{.User.Email.IsVerified}}" }, unverified).claims).toEqual({ is_verified: false });
  });

  test("a nested map renders a greeting and reads public and unsafe metadata", () => {
    const claims = {
      metadata: {
        greeting: "Hi {{.User.Username}}",
        source: '{{ .User.Metadata.Public "nickname" }}',
        scheme: '{{ .User.Metadata.Unsafe "color_scheme" }}',
      },
    };
    expect(render(claims, user()).claims).toEqual({ metadata: { greeting: "Hi mara", source: "Bookworm", scheme: "solarized" } });
  });

  test("a list mixes static scopes with a conditional one", () => {
    const claims = { scopes: ["read", "write", "{{if .User.Email.IsVerified}}admin{{else}}basic{{end}}"] };
    expect(render(claims, user()).claims).toEqual({ scopes: ["read", "write", "admin"] });
    const unverified = user({ email: { address: "x@example.org", isPrimary: true, isVerified: false } });
    expect(render(claims, unverified).claims).toEqual({ scopes: ["read", "write", "basic"] });
  });

  test("a metadata string value becomes the claim text (display_name)", () => {
    expect(render({ display_name: '{{ .User.Metadata.Public "nickname" }}' }, user()).claims).toEqual({ display_name: "Bookworm" });
  });

  test("a metadata array becomes a JSON array claim (favorite_games)", () => {
    expect(render({ shelves: '{{ .User.Metadata.Public "shelves" }}' }, user()).claims).toEqual({
      shelves: [
        { title: "Dune", kind: "Novel", pages: 412.5 },
        { title: "Watchmen", kind: "Comic", pages: 98.1 },
      ],
    });
  });

  test("a GJSON query yields the first matching element as an object (favorite_games_with_playtime_over_100)", () => {
    expect(render({ long: '{{ .User.Metadata.Public "shelves.#(pages>100)" }}' }, user()).claims).toEqual({
      long: { title: "Dune", kind: "Novel", pages: 412.5 },
    });
  });

  test("a GJSON #.field path collects one field of every element (favorite_genres)", () => {
    expect(render({ kinds: '{{ .User.Metadata.Public "shelves.#.kind"}}' }, user()).claims).toEqual({ kinds: ["Novel", "Comic"] });
  });

  test("unsafe metadata is read with Unsafe (ui_theme)", () => {
    expect(render({ theme: '{{ .User.Metadata.Unsafe "color_scheme" }}' }, user()).claims).toEqual({ theme: "solarized" });
  });

  test("several path segments are joined with dots", () => {
    expect(render({ first: '{{ .User.Metadata.Public "shelves" "0" "title" }}' }, user()).claims).toEqual({ first: "Dune" });
  });

  test("a user without an email skips a claim reading the address and keeps the others", () => {
    const { claims, warnings } = render({ user_email: "{{.User.Email.Address}}", role: "member" }, user({ email: null }));
    expect(claims).toEqual({ role: "member" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields.claim).toBe("user_email");
    expect(String(warnings[0]!.fields.error)).toBe(
      'failed to execute template: template: :1:7: executing "" at <.User.Email.Address>: nil pointer evaluating *dto.EmailJWT.Address',
    );
  });
});

describe("the Hanko template test scenarios", () => {
  test("static values of every JSON type are kept as they are", () => {
    const claims = {
      text: "plain",
      count: 42,
      flag: false,
      words: ["x", "y"],
      numbers: [1, 2.5],
      mixed: ["x", 7, true, null],
      nested: { A: "a", B: ["b"], C: { D: ["d", 1, false] } },
      nothing: null,
    };
    expect(render(claims, user()).claims).toEqual(claims);
  });

  test("printing .User gives the user as JSON with Hanko's field names", () => {
    const u = user({ metadata: null });
    expect(render({ user: "{{ .User }}" }, u).claims).toEqual({
      user: {
        user_id: u.userId,
        email: { address: "mara@example.org", is_primary: true, is_verified: true },
        username: "mara",
        name: "Mara Quill",
        family_name: "Quill",
        given_name: "Mara",
        picture: "https://img.example.org/mara.png",
      },
    });
  });

  test("printing .User includes metadata under public_metadata and unsafe_metadata", () => {
    const out = render({ user: "{{ .User }}" }, user()).claims.user as Record<string, unknown>;
    expect(out.metadata).toEqual({ public_metadata: JSON.parse(LIBRARY), unsafe_metadata: { color_scheme: "solarized" } });
  });

  test("every top-level user field is reachable, and Email and Metadata print as JSON", () => {
    const claims = {
      id: "{{ .User.UserID }}",
      login: "{{ .User.Username }}",
      mail: "{{ .User.Email }}",
      meta: "{{ .User.Metadata }}",
      full: "{{ .User.Name }}",
      given: "{{ .User.GivenName }}",
      family: "{{ .User.FamilyName }}",
      avatar: "{{ .User.Picture }}",
    };
    const u = user({ metadata: { public: '{"p": 1}', unsafe: null } });
    expect(render(claims, u).claims).toEqual({
      id: u.userId,
      login: "mara",
      mail: { address: "mara@example.org", is_primary: true, is_verified: true },
      meta: { public_metadata: { p: 1 } },
      full: "Mara Quill",
      given: "Mara",
      family: "Quill",
      avatar: "https://img.example.org/mara.png",
    });
  });

  test("a missing email or metadata prints as an empty string", () => {
    expect(render({ mail: "{{ .User.Email }}", meta: "{{ .User.Metadata }}" }, user({ email: null, metadata: null })).claims).toEqual({
      mail: "",
      meta: "",
    });
  });

  test("pipelines and trimmed conditionals render as in Go", () => {
    const claims = {
      plain: "Mail {{ .User.Email.Address }}",
      piped: 'Mail {{ .User.Email.Address | printf "%s" }}',
      inline: "{{if .User.Email.IsVerified}}Verified{{else}}Unverified{{end}} user {{.User.Email.Address}}",
      pretty: `
        {{- if .User.Email.IsVerified -}}
          Verified
        {{- else -}}
          Unverified
        {{ end }} user {{ .User.Email.Address }}`,
    };
    expect(render(claims, user()).claims).toEqual({
      plain: "Mail mara@example.org",
      piped: "Mail mara@example.org",
      inline: "Verified user mara@example.org",
      pretty: "Verified user mara@example.org",
    });
  });

  test("broken templates, unknown fields and unknown methods are skipped with one warning each", () => {
    const { claims, warnings } = render(
      {
        fine: "Hi {{ .User.Username }}",
        unbalanced: "Hi {{ .User.Username }",
        unknown_field: "Hi {{ .User.Nickname }}",
        unknown_method: 'Hi {{ .User.Metadata.Private "secret" }}',
      },
      user(),
    );
    expect(claims).toEqual({ fine: "Hi mara" });
    expect(warnings.map((w) => [w.fields.claim, w.fields.error])).toEqual([
      ["unbalanced", 'failed to parse template: template: :1: unexpected "}" in operand'],
      [
        "unknown_field",
        'failed to execute template: template: :1:11: executing "" at <.User.Nickname>: can\'t evaluate field Nickname in type *dto.UserJWT',
      ],
      [
        "unknown_method",
        'failed to execute template: template: :1:11: executing "" at <.User.Metadata.Private>: can\'t evaluate field Private in type *dto.MetadataJWT',
      ],
    ]);
  });
});

describe("metadata access", () => {
  test("Public without a path returns the whole public metadata document", () => {
    expect(render({ all: "{{ .User.Metadata.Public }}" }, user()).claims).toEqual({ all: JSON.parse(LIBRARY) });
  });

  test("a missing metadata path renders as an empty string", () => {
    expect(render({ none: '{{ .User.Metadata.Public "no.such.key" }}' }, user()).claims).toEqual({ none: "" });
  });

  test("Public reads nothing when only unsafe metadata exists", () => {
    const u = user({ metadata: { public: null, unsafe: '{"a":"b"}' } });
    expect(render({ p: '{{ .User.Metadata.Public "a" }}', u: '{{ .User.Metadata.Unsafe "a" }}' }, u).claims).toEqual({ p: "", u: "b" });
  });

  test("calling Public for a user without metadata fails and skips the claim", () => {
    const { claims, warnings } = render({ p: '{{ .User.Metadata.Public "a" }}' }, user({ metadata: null }));
    expect(claims).toEqual({});
    expect(String(warnings[0]!.fields.error)).toContain(
      "error calling Public: runtime error: invalid memory address or nil pointer dereference",
    );
  });

  test("metadata that is exactly {} counts as absent", () => {
    const { claims } = render(
      { m: "{{ if .User.Metadata }}set{{ else }}unset{{ end }}" },
      user({ metadata: { public: "{}", unsafe: "{}" } }),
    );
    expect(claims).toEqual({ m: "unset" });
  });

  test("a guard with `with` avoids the nil metadata error", () => {
    const t = { nick: '{{ with .User.Metadata }}{{ .Public "nickname" }}{{ else }}anonymous{{ end }}' };
    expect(render(t, user()).claims).toEqual({ nick: "Bookworm" });
    expect(render(t, user({ metadata: null })).claims).toEqual({ nick: "anonymous" });
  });

  test("the private metadata fields of the metadata object cannot be read", () => {
    const { warnings } = render({ raw: "{{ .User.Metadata.public }}" }, user());
    expect(String(warnings[0]!.fields.error)).toContain("public is an unexported field of struct type *dto.MetadataJWT");
  });

  test("a path argument that is not a string is an error", () => {
    const { warnings } = render({ n: "{{ .User.Metadata.Public 3 }}" }, user());
    expect(String(warnings[0]!.fields.error)).toContain("expected string; found 3");
  });
});

describe("result post-processing", () => {
  test("exactly true or false become booleans, anything else stays text", () => {
    const { claims } = render({ t: "true", f: "{{ false }}", padded: " true", upper: "TRUE" }, user());
    expect(claims).toEqual({ t: true, f: false, padded: " true", upper: "TRUE" });
  });

  test("text that looks like JSON but does not parse stays text", () => {
    const { claims } = render({ a: "{not json}", b: "[1, 2", c: "[1, 2]", d: '{"k": [1]}' }, user());
    expect(claims).toEqual({ a: "{not json}", b: "[1, 2", c: [1, 2], d: { k: [1] } });
  });

  test("numbers printed by a template stay text", () => {
    expect(render({ n: "{{ 42 }}" }, user()).claims).toEqual({ n: "42" });
  });

  test("an error deep inside a nested claim drops the whole top-level claim", () => {
    const { claims, warnings } = render({ outer: { ok: "fine", list: ["{{ .User.Bogus }}"] }, other: "kept" }, user());
    expect(claims).toEqual({ other: "kept" });
    expect(warnings.map((w) => w.fields.claim)).toEqual(["outer"]);
  });

  test("warnings carry the claim name and error but not the user's data", () => {
    const { warnings } = render({ bad: "{{ range .User.Name }}{{ . }}{{ end }}" }, user());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe("failed to process custom JWT claim template");
    expect(Object.keys(warnings[0]!.fields).sort()).toEqual(["claim", "error"]);
    expect(JSON.stringify(warnings)).not.toContain("Mara");
  });

  test("a logger that throws does not make renderClaims throw", () => {
    const result = renderClaims({ bad: "{{ .Nope }}", good: "ok" }, user(), () => {
      throw new Error("logger down");
    });
    expect(result).toEqual({ good: "ok" });
  });

  test("an empty template renders an empty string", () => {
    expect(render({ empty: "", comment: "{{/* nothing */}}" }, user()).claims).toEqual({ empty: "", comment: "" });
  });
});

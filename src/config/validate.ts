// Validation of a loaded configuration: type errors found by the typebox schema, then Hanko's rules in
// Hanko's order (server, webauthn, smtp, database, secrets, service, session, rate_limiter, third_party,
// saml, webhooks, flow_locker, email) plus the rules for our own additions. Every problem is collected;
// nothing stops at the first one.

import { Value, ValuePointer } from "@sinclair/typebox/value";
import { parseDuration } from "../gocompat/duration.ts";
import { describeValue, expectation, joinPath, whatIsWrong } from "./describe.ts";
import { ConfigError, type ConfigProblem } from "./errors.ts";
import { ConfigSchema, THIRD_PARTY_PROVIDER_NAMES, WEBHOOK_EVENTS, type Config } from "./schema.ts";
import { globSyntaxError, isCidr, urlSyntaxError } from "./syntax.ts";
import { callbackProblem, webhookSecurityProblems } from "./webhook-security.ts";

/** Throws ConfigError listing every problem of `config`; `source` names the file in the header. */
export function validateConfig(config: Config, source = "defaults"): void {
  const problems = findConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
}

/** Every problem of `config`, type errors first. */
export function findConfigProblems(config: Config): ConfigProblem[] {
  const { problems: typeProblems, repaired } = checkTypes(config);
  const ruleProblems = RULES.flatMap((rule) => rule(repaired));
  // A key with the wrong type was checked by the rules with its default in place; anything the rules
  // say about it (or about its parts) would be noise.
  const typed = typeProblems.map((p) => p.path);
  const related = (a: string, b: string) => a === b || isUnder(a, b) || isUnder(b, a);
  return [...typeProblems, ...ruleProblems.filter((p) => !typed.some((t) => related(t, p.path)))];
}

const isUnder = (child: string, parent: string) => child.startsWith(`${parent}.`) || child.startsWith(`${parent}[`);

function checkTypes(config: Config): { problems: ConfigProblem[]; repaired: Config } {
  const problems: ConfigProblem[] = [];
  const repaired = Value.Clone(config);
  const seen = new Set<string>();
  for (const error of Value.Errors(ConfigSchema, config)) {
    const path = renderPointer(config, error.path);
    if (error.path !== "") ValuePointer.Set(repaired, error.path, Value.Create(error.schema));
    if (seen.has(path)) continue;
    seen.add(path);
    const wrong = error.value === undefined ? "is missing" : whatIsWrong(error.schema, error.value);
    problems.push({ path, message: `${wrong}; ${expectation(error.schema)}` });
  }
  return { problems, repaired };
}

// Turns a JSON pointer into `a.b[1].c`, using the value to tell list indexes from map keys.
function renderPointer(root: unknown, pointer: string): string {
  const segments: (string | number)[] = [];
  let node: unknown = root;
  for (const segment of ValuePointer.Format(pointer)) {
    if (Array.isArray(node)) {
      segments.push(Number(segment));
      node = node[Number(segment)];
    } else {
      segments.push(segment);
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return joinPath(segments);
}

type Rule = (config: Config) => ConfigProblem[];

const blank = (text: string) => text.trim() === "";

function problem(path: string, wrong: string, allowed: string): ConfigProblem {
  return { path, message: `${wrong}; ${allowed}` };
}

function lengthText(text: string): string {
  const bytes = new TextEncoder().encode(text).length;
  return bytes === text.length ? `${bytes} characters` : `${bytes} bytes`;
}

const server: Rule = ({ server }) => {
  const problems: ConfigProblem[] = [];
  const listeners = [
    ["public", server.public, ":8000"],
    ["admin", server.admin, ":8001"],
  ] as const;
  for (const [name, settings, example] of listeners) {
    if (blank(settings.address)) {
      problems.push(problem(`server.${name}.address`, "must not be empty", `use a listen address such as ${example}`));
    }
    const { allow_origins, unsafe_wildcard_origin_allowed } = settings.cors;
    allow_origins.forEach((origin, i) => {
      if (origin === "*" && !unsafe_wildcard_origin_allowed) {
        problems.push(
          problem(
            `server.${name}.cors.allow_origins[${i}]`,
            '"*" allows every origin to send credentialed requests',
            `list the allowed origins, or set server.${name}.cors.unsafe_wildcard_origin_allowed to true if this is intentional`,
          ),
        );
      }
    });
  }
  server.admin.api_keys.forEach((key, i) => {
    const length = [...key].length;
    if (length < 32) {
      problems.push(problem(`server.admin.api_keys[${i}]`, `is ${length} characters long`, "each API key must be at least 32 characters"));
    }
  });
  const { extractor, trusted_proxies } = server.ip;
  if (extractor !== "direct") {
    if (trusted_proxies.length === 0) {
      problems.push(
        problem(
          "server.ip.trusted_proxies",
          `is empty while server.ip.extractor is ${extractor}`,
          "list the CIDR ranges of your reverse proxies, e.g. 10.0.0.0/8",
        ),
      );
    }
    trusted_proxies.forEach((range, i) => {
      if (!isCidr(range)) {
        problems.push(
          problem(
            `server.ip.trusted_proxies[${i}]`,
            `${describeValue(range)} is not a CIDR range`,
            "use a range such as 10.0.0.0/8 or fd00::/8",
          ),
        );
      }
    });
  }
  return problems;
};

// Hanko builds its WebAuthn library at startup, which refuses an empty relying party.
const webauthn: Rule = ({ webauthn }) => {
  const problems: ConfigProblem[] = [];
  const rp = webauthn.relying_party;
  if (blank(rp.id)) {
    problems.push(problem("webauthn.relying_party.id", "must not be empty", "use the domain of your site, e.g. example.com"));
  }
  if (blank(rp.display_name)) {
    problems.push(problem("webauthn.relying_party.display_name", "must not be empty", "use the name shown by authenticators"));
  }
  if (rp.origins.length === 0) {
    problems.push(problem("webauthn.relying_party.origins", "is empty", "list at least one origin, e.g. https://example.com"));
  }
  return problems;
};

// Hanko checks the deprecated top-level `smtp` block (not email_delivery.smtp) while delivery is on.
const smtp: Rule = ({ email_delivery, smtp }) => {
  const problems: ConfigProblem[] = [];
  if (email_delivery.enabled) {
    if (blank(smtp.host)) {
      problems.push(
        problem("smtp.host", "must not be empty while email_delivery.enabled is true", "keep the default localhost or set a host name"),
      );
    }
    if (blank(smtp.port)) {
      problems.push(problem("smtp.port", "must not be empty while email_delivery.enabled is true", "keep the default 465 or set a port"));
    }
  }
  // Hanko parses this port at startup even when delivery is disabled.
  const port = email_delivery.smtp.port;
  if (!/^[0-9]+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    problems.push(
      problem("email_delivery.smtp.port", `${describeValue(port)} is not a port number`, "use a number from 1 to 65535, e.g. 465 or 587"),
    );
  }
  return problems;
};

const database: Rule = ({ database }) => {
  if (!blank(database.url)) return [];
  const required: (keyof typeof database)[] = database.dialect === "sqlite" ? ["database"] : ["database", "user", "host", "port"];
  return required
    .filter((key) => blank(database[key]))
    .map((key) =>
      problem(
        `database.${key}`,
        "must not be empty",
        database.dialect === "sqlite" ? "use the path of the SQLite database file" : "set it, or set database.url instead",
      ),
    );
};

const secrets: Rule = ({ secrets }) => {
  const problems: ConfigProblem[] = [];
  const { keys, key_management } = secrets;
  if (key_management.type === "local" && keys.length === 0) {
    problems.push(problem("secrets.keys", "is empty", "add at least one secret of 16 or more characters"));
  }
  keys.forEach((key, i) => {
    if (new TextEncoder().encode(key).length < 16) {
      problems.push(problem(`secrets.keys[${i}]`, `is ${lengthText(key)} long`, "each secret must be at least 16 characters"));
    }
  });
  if (key_management.type === "aws_kms") {
    if (key_management.key_id === "") {
      problems.push(
        problem("secrets.key_management.key_id", "must be set when key_management.type is aws_kms", "use the KMS key id, ARN or alias"),
      );
    }
    if (key_management.region === "") {
      problems.push(
        problem(
          "secrets.key_management.region",
          "must be set when key_management.type is aws_kms",
          "use the AWS region of the key, e.g. eu-central-1",
        ),
      );
    }
  }
  return problems;
};

const service: Rule = ({ service }) =>
  blank(service.name)
    ? [problem("service.name", "must not be empty", "use the name shown in emails, e.g. Hanko Authentication Service")]
    : [];

const rateLimiter: Rule = ({ rate_limiter }) => {
  if (!rate_limiter.enabled) return [];
  if (rate_limiter.store === "redis" && rate_limiter.redis_config.address === "") {
    return [
      problem("rate_limiter.redis_config.address", "must be set when rate_limiter.store is redis", "use host:port of your Redis server"),
    ];
  }
  if (rate_limiter.store === "sqlite" && blank(rate_limiter.sqlite_path)) {
    return [problem("rate_limiter.sqlite_path", "must not be empty when rate_limiter.store is sqlite", "use a file path")];
  }
  return [];
};

function noTrailingSlash(path: string, url: string): ConfigProblem[] {
  return url.endsWith("/") ? [problem(path, `${describeValue(url)} ends with /`, "remove the trailing slash")] : [];
}

function validGlob(path: string, pattern: string): ConfigProblem[] {
  const why = globSyntaxError(pattern);
  return why
    ? [
        problem(
          path,
          `${describeValue(pattern)} is not a valid glob: it ${why}`,
          "use patterns such as https://*.example.com or https://example.com/**",
        ),
      ]
    : [];
}

function validUrl(path: string, url: string): ConfigProblem[] {
  const why = urlSyntaxError(url);
  return why ? [problem(path, `${describeValue(url)} is not a valid URL: it ${why}`, "use a URL such as https://example.com/path")] : [];
}

const thirdParty: Rule = ({ third_party: tp }) => {
  const problems: ConfigProblem[] = [];
  // Hanko compiles these globs at startup whether or not a provider is enabled.
  tp.allowed_redirect_urls.forEach((url, i) => problems.push(...validGlob(`third_party.allowed_redirect_urls[${i}]`, url)));
  problems.push(...validGlob("third_party.error_redirect_url", tp.error_redirect_url));

  const builtIn = THIRD_PARTY_PROVIDER_NAMES.filter((name) => tp.providers[name].enabled);
  const custom = Object.entries(tp.custom_providers).filter(([, provider]) => provider.enabled);
  if (builtIn.length === 0 && custom.length === 0) return problems;

  const enabled = "when a third-party provider is enabled";
  if (tp.redirect_url === "") {
    problems.push(problem("third_party.redirect_url", `must be set ${enabled}`, "use <your Hanko API URL>/thirdparty/callback"));
  }
  if (tp.error_redirect_url === "") {
    problems.push(
      problem("third_party.error_redirect_url", `must be set ${enabled}`, "use the URL of the page that shows the Hanko login"),
    );
  }
  if (tp.allowed_redirect_urls.length === 0) {
    problems.push(problem("third_party.allowed_redirect_urls", `is empty ${enabled}`, "list at least one URL (globs allowed)"));
  }
  tp.allowed_redirect_urls.forEach((url, i) => problems.push(...noTrailingSlash(`third_party.allowed_redirect_urls[${i}]`, url)));
  problems.push(...noTrailingSlash("third_party.error_redirect_url", tp.error_redirect_url));
  problems.push(...noTrailingSlash("third_party.default_redirect_url", tp.default_redirect_url));

  for (const name of builtIn) {
    const provider = tp.providers[name];
    const at = `third_party.providers.${name}`;
    if (provider.client_id === "") {
      problems.push(problem(`${at}.client_id`, `must be set when ${name} is enabled`, `use the client ID issued by ${name}`));
    }
    if (provider.secret === "") {
      problems.push(problem(`${at}.secret`, `must be set when ${name} is enabled`, `use the client secret issued by ${name}`));
    }
  }

  for (const [key, provider] of custom) {
    const at = `third_party.custom_providers.${key}`;
    const required = (field: string, value: string, allowed: string) => {
      if (value === "") problems.push(problem(`${at}.${field}`, "must be set when the provider is enabled", allowed));
    };
    required("display_name", provider.display_name, "use the name shown on the login button");
    required("client_id", provider.client_id, "use the client ID issued by the provider");
    required("secret", provider.secret, "use the client secret issued by the provider");
    if (provider.scopes.length === 0) {
      problems.push(
        problem(`${at}.scopes`, "is empty while the provider is enabled", "list the scopes to request, e.g. openid, profile, email"),
      );
    }
    if (provider.use_discovery) {
      if (provider.issuer === "") {
        problems.push(problem(`${at}.issuer`, "must be set when use_discovery is true", "use the OIDC issuer URL of the provider"));
      }
    } else {
      const endpoint = (field: string, value: string) => {
        if (value === "") {
          problems.push(
            problem(
              `${at}.${field}`,
              "must be set when use_discovery is false",
              "set the endpoint URL, or set use_discovery: true and issuer",
            ),
          );
        }
      };
      endpoint("authorization_endpoint", provider.authorization_endpoint);
      endpoint("token_endpoint", provider.token_endpoint);
      endpoint("userinfo_endpoint", provider.userinfo_endpoint);
    }
  }
  return problems;
};

const saml: Rule = ({ saml }) => {
  const problems: ConfigProblem[] = [];
  saml.allowed_redirect_urls.forEach((url, i) => problems.push(...validGlob(`saml.allowed_redirect_urls[${i}]`, url)));
  problems.push(...validGlob("saml.default_redirect_url", saml.default_redirect_url));
  if (!saml.enabled) return problems;

  if (blank(saml.endpoint_url)) {
    problems.push(problem("saml.endpoint_url", "must be set when saml.enabled is true", "use the public URL of this API"));
  } else {
    problems.push(...validUrl("saml.endpoint_url", saml.endpoint_url));
  }
  if (blank(saml.audience_uri)) {
    problems.push(
      problem("saml.audience_uri", "must be set when saml.enabled is true", "use the audience your identity providers put into assertions"),
    );
  }
  problems.push(...validUrl("saml.default_redirect_url", saml.default_redirect_url));
  saml.allowed_redirect_urls.forEach((url, i) => problems.push(...validUrl(`saml.allowed_redirect_urls[${i}]`, url)));

  if (saml.identity_providers.length === 0) {
    problems.push(problem("saml.identity_providers", "is empty while saml.enabled is true", "configure at least one identity provider"));
  }
  const firstWithDomain = new Map<string, number>();
  saml.identity_providers.forEach((idp, i) => {
    if (!idp.enabled) return;
    const at = `saml.identity_providers[${i}]`;
    if (blank(idp.domain)) {
      problems.push(problem(`${at}.domain`, "must be set", "use the email domain whose users sign in with this provider"));
    } else {
      if (urlSyntaxError(`http://${idp.domain}`)) {
        problems.push(problem(`${at}.domain`, `${describeValue(idp.domain)} is not a valid domain`, "use a domain such as example.com"));
      }
    }
    if (blank(idp.name)) {
      problems.push(problem(`${at}.name`, "must be set", "use the name shown to users"));
    }
    if (blank(idp.metadata_url)) {
      problems.push(problem(`${at}.metadata_url`, "must be set", "use the URL of the identity provider metadata"));
    } else {
      problems.push(...validUrl(`${at}.metadata_url`, idp.metadata_url));
    }
    const first = firstWithDomain.get(idp.domain);
    if (first === undefined) {
      firstWithDomain.set(idp.domain, i);
    } else if (!blank(idp.domain)) {
      problems.push(
        problem(
          `${at}.domain`,
          `${describeValue(idp.domain)} is also the domain of saml.identity_providers[${first}]`,
          "each enabled identity provider needs its own domain",
        ),
      );
    }
  });
  return problems;
};

const webhooks: Rule = ({ webhooks }) => {
  const securityProblems = webhookSecurityProblems(webhooks.security);
  if (!webhooks.enabled) return securityProblems;
  const problems: ConfigProblem[] = [...securityProblems];
  const known: readonly string[] = WEBHOOK_EVENTS;
  webhooks.hooks.forEach((hook, i) => {
    const at = `webhooks.hooks[${i}]`;
    if (blank(hook.callback)) {
      problems.push(problem(`${at}.callback`, "must not be empty", "use the URL that receives the events"));
    } else {
      const syntax = validUrl(`${at}.callback`, hook.callback);
      problems.push(...syntax);
      // A policy with problems of its own would refuse callbacks for the wrong reasons.
      const refused =
        syntax.length === 0 && securityProblems.length === 0 && callbackProblem(webhooks.security, `${at}.callback`, hook.callback);
      if (refused) problems.push(refused);
    }
    hook.events.forEach((event, j) => {
      if (!known.includes(event)) {
        problems.push(problem(`${at}.events[${j}]`, `${describeValue(event)} is not a webhook event`, `use one of ${known.join(", ")}`));
      }
    });
  });
  return problems;
};

const flowLocker: Rule = ({ flow_locker }) =>
  flow_locker.enabled && flow_locker.store === "redis" && flow_locker.redis_config.address === ""
    ? [problem("flow_locker.redis_config.address", "must be set when flow_locker.store is redis", "use host:port of your Redis server")]
    : [];

// Ours: only checked when the page is served.
const signInPage: Rule = ({ sign_in_page: page }) => {
  if (!page.enabled) return [];
  const problems: ConfigProblem[] = [];
  const port = /^(?:\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(page.address.trim())?.[1];
  if (port === undefined || Number(port) > 65535) {
    problems.push(
      problem("sign_in_page.address", `${describeValue(page.address)} is not a listen address`, "use host:port or :port, e.g. :8888"),
    );
  }
  if (page.api_url !== "" && !/^https?:$/.test(URL.parse(page.api_url)?.protocol ?? "")) {
    problems.push(
      problem(
        "sign_in_page.api_url",
        `${describeValue(page.api_url)} is not an http(s) URL`,
        "use the public API's URL as browsers reach it, e.g. https://auth.example.com, or leave it empty",
      ),
    );
  }
  return problems;
};

// Ours: a zero interval would make the timer spin.
const cleanup: Rule = ({ cleanup: settings }) =>
  settings.enabled && parseDuration(settings.interval) <= 0
    ? [
        problem(
          "cleanup.interval",
          `${describeValue(settings.interval)} is not a positive duration`,
          "use e.g. 1h or 15m, or set cleanup.enabled to false",
        ),
      ]
    : [];

// email.passcode_charset and every other enumerated value are checked by the schema.
/** The columns addresses and usernames are stored in (Hanko's schema) hold 255 characters. */
const IDENTIFIER_COLUMN_WIDTH = 255;

// A longer maximum would let an input through that the database then refuses, a 500 at sign-up.
const identifierLengths: Rule = ({ email, username }) => {
  const limits: [string, number][] = [
    ["email.max_length", email.max_length],
    ["username.max_length", username.max_length],
  ];
  return limits
    .filter(([, length]) => length > IDENTIFIER_COLUMN_WIDTH)
    .map(([path, length]) => problem(path, `is ${length}`, `at most ${IDENTIFIER_COLUMN_WIDTH}, the width of the column it is stored in`));
};

const RULES: readonly Rule[] = [
  server,
  identifierLengths,
  webauthn,
  smtp,
  database,
  secrets,
  service,
  rateLimiter,
  thirdParty,
  saml,
  webhooks,
  flowLocker,
  signInPage,
  cleanup,
];

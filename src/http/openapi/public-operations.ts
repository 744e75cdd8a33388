import { Type } from "@sinclair/typebox";
import { buildVersion } from "../../app/build-version.ts";
import type { Config } from "../../config/schema.ts";
import { cookieName } from "../session/cookie.ts";
import {
  type ApiDescription,
  errors,
  json,
  noContent,
  type Operation,
  type OperationTable,
  type ResponseSpec,
  type SecurityRequirement,
} from "./operation.ts";
import { sharedOperations } from "./shared-operations.ts";
import { FlowActionBody, flowResponse } from "./schemas/flow.ts";
import { Jwks, Profile, PublicConfig, SessionValidation, SessionValidationBody } from "./schemas/public.ts";

const SESSION_TOKEN = "sessionToken";
const SESSION_COOKIE = "sessionCookie";
/** A session token, as a bearer token or in the session cookie. */
const SESSION: SecurityRequirement[] = [{ [SESSION_TOKEN]: [] }, { [SESSION_COOKIE]: [] }];

const SESSION_HEADERS = {
  "X-Session-Lifetime": { description: "When a session began: its lifetime in seconds", schema: Type.String({ pattern: "^\\d+$" }) },
  "X-Session-Retention": {
    description: "When a session began: whether the cookie outlives the browser",
    schema: Type.Union([Type.Literal("persistent"), Type.Literal("session")]),
  },
  "X-Auth-Token": { description: "When a session began with `session.enable_auth_token_header`: the session token", schema: Type.String() },
  "Set-Cookie": { description: "When a session began (without the token header) or ended: the session cookie", schema: Type.String() },
};

const FLOW_ERRORS: Record<number, string> = {
  400: "the body is not JSON or the input is not valid (`form_data_invalid_error`, details at the inputs)",
  401: "a passcode, passkey or security key did not check out",
  403: "the action is not available: a malformed action parameter, an unknown flow or one of another kind, a wrong or stale CSRF token (another request on the same flow went first), or an action the state does not offer",
  410: "the flow has expired",
  429: "too many new flows, passcodes or password attempts from this client; try again later (`retry_after`)",
  500: "something broke on the server (`technical_error`)",
};

/** A flow endpoint: every answer, errors included, is a flow envelope whose `status` is the HTTP status. */
function flow(name: string, summary: string, description: string, statuses: Record<number, string>): Operation {
  const responses: Record<number, ResponseSpec> = {
    200: { description: "The state reached and the actions it offers", schema: flowResponse(200), headers: SESSION_HEADERS },
  };
  for (const [status, reason] of Object.entries(statuses)) responses[Number(status)] = json(reason, flowResponse(Number(status)));
  return {
    operationId: `${name}Flow`,
    summary,
    description: `${description} Without \`action\` a new flow starts and the body is ignored; with it, the action runs on the flow it names.`,
    tags: ["Flows"],
    query: Type.Partial(Type.Object({ action: Type.String({ description: "`<action>@<flow id>`, from an action's `href`" }) })),
    headers: Type.Partial(Type.Object({ "X-Language": Type.String({ description: "The language of mails sent, `en` or `de`" }) })),
    body: { description: "The inputs of the action and the CSRF token of the last response", schema: FlowActionBody, required: false },
    responses,
  };
}

const operations: OperationTable = {
  ...sharedOperations,
  "GET /.well-known/jwks.json": {
    operationId: "jwks",
    summary: "The keys that sign session tokens",
    tags: ["Well-known"],
    responses: {
      200: json("The public keys, retired ones included", Jwks, {
        "Cache-Control": { description: "`max-age=600`", schema: Type.String(), required: true },
      }),
    },
  },
  "GET /.well-known/config": {
    operationId: "publicConfig",
    summary: "The public settings",
    tags: ["Well-known"],
    responses: { 200: json("The settings the front end needs", PublicConfig) },
  },
  "GET /sessions/validate": {
    operationId: "validateSession",
    summary: "Check the request's session token",
    description: "For back ends: always 200, `is_valid` says whether the token counts. The session's last use is left alone.",
    tags: ["Sessions"],
    security: [...SESSION, {}],
    responses: { 200: json("Whether the token counts, and its claims when it does", SessionValidation) },
  },
  "POST /sessions/validate": {
    operationId: "validateSessionToken",
    summary: "Check a session token",
    description: "For back ends: 200 for any token, `is_valid` says whether it counts. Records the session's use.",
    tags: ["Sessions"],
    body: { description: "The token", schema: SessionValidationBody, required: true },
    responses: {
      200: json("Whether the token counts, and its claims when it does", SessionValidation),
      ...errors({ 400: "there is no `session_token`, or the body is not JSON" }),
    },
  },
  "GET /me": {
    operationId: "me",
    summary: "The signed-in user's profile",
    tags: ["Sessions"],
    security: SESSION,
    responses: {
      200: json("The profile; empty parts are left out", Profile),
      ...errors({ 401: "there is no valid session", 404: "the user is gone" }),
    },
  },
  "POST /logout": {
    operationId: "logout",
    summary: "End the session",
    description: "Its token is refused everywhere from then on, and the cookie is cleared.",
    tags: ["Sessions"],
    security: SESSION,
    responses: { 204: noContent("The session has ended"), ...errors({ 401: "there is no valid session" }) },
  },
  "POST /login": flow("login", "Sign in", "The sign-in flow.", FLOW_ERRORS),
  "POST /registration": flow("registration", "Sign up", "The sign-up flow.", FLOW_ERRORS),
  "POST /profile": {
    ...flow("profile", "Manage the signed-in user's account", "The profile flow; every request needs the session.", {
      ...FLOW_ERRORS,
      401: "there is no valid session (then the cookie is cleared), or a passcode or security key did not check out",
      404: "the email, credential or passkey named is not the user's",
    }),
    security: SESSION,
  },
};

/** The public API's operations; the session cookie goes by the configured name. */
export function publicApi(config: Config): ApiDescription {
  return {
    info: {
      title: "Hanko public API",
      version: buildVersion(),
      description:
        'What browsers, hanko-elements and the operator\'s back end talk to. Errors outside the flows are `{"code": <status>, "message": <text>}`.',
    },
    operations,
    securitySchemes: {
      [SESSION_TOKEN]: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWT",
        description: "The session token, as `Authorization: Bearer <token>`",
      },
      [SESSION_COOKIE]: { type: "apiKey", in: "cookie", name: cookieName(config.session.cookie), description: "The session cookie" },
    },
  };
}

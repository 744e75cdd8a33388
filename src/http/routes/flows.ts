import { Elysia } from "elysia";
import type { Db } from "../../db/connect.ts";
import type { Kysely } from "kysely";
import type { Database } from "../../db/tables.ts";
import { type EngineDeps, FlowEngine, UNREADABLE_BODY } from "../../flowpilot/engine.ts";
import type { FlowResponse } from "../../flowpilot/response.ts";
import type { FlowDef } from "../../flowpilot/definition.ts";
import type { FlowData } from "../../flowkit/flow-data.ts";
import type { FlowServices, SharedFlowServices } from "../../flowkit/flow-services.ts";
import { loginFlow } from "../../flows/login.ts";
import { profileFlow } from "../../flows/profile.ts";
import { registrationFlow } from "../../flows/registration.ts";
import { FlowErrors } from "../../flowpilot/errors.ts";
import { errorResult } from "../../flowpilot/response.ts";
import { flowCreationRateLimitKey } from "../../services/rate-limit/keys.ts";
import { authenticate } from "../plugins/session-guard.ts";
import { cookieName, deletionCookie } from "../session/cookie.ts";
import { eventOrigin } from "../event-origin.ts";
import { readBodyUpTo } from "../read-limited-body.ts";
import { sessionTransportHeaders } from "../session/transport.ts";

export interface FlowRouteDeps {
  db: Db;
  engine: Omit<EngineDeps, "db">;
  services: SharedFlowServices;
}

/** Hanko sets no limit; a flow request is a few kilobytes, so a megabyte is generous and stops abuse early. */
const MAX_BODY_BYTES = 1024 * 1024;
const utf8 = new TextDecoder();

/** `POST /login`, `/registration` and `/profile`: create a flow, or run `?action=<name>@<flow id>` on one. */
export function flowRoutes(deps: FlowRouteDeps) {
  const { config, sessions } = deps.services;
  const route = <N extends string>(def: FlowDef<FlowData, FlowServices, N>) => {
    const engine = new FlowEngine(def, { ...deps.engine, db: deps.db });
    return async ({
      request,
      query,
      set,
      server,
    }: {
      request: Request;
      query: Record<string, string | undefined>;
      set: { status?: number | string; headers: Record<string, unknown> };
      server: { requestIP(r: Request): { address: string } | null } | null;
    }) => {
      const outcome: FlowServices["outcome"] = {};
      // The profile belongs to a signed-in user: every request, creation included, needs the session.
      let session: FlowServices["session"];
      if (def.name === "profile") {
        const found = await authenticate(request, sessions, { touch: true, cookieName: cookieName(config.session.cookie) });
        if (!found.session) {
          // A missing, expired or revoked session: the browser's cookie is of no use any more.
          set.headers["set-cookie"] = deletionCookie(config.session.cookie);
          set.status = 401;
          return errorResult(FlowErrors.unauthorized).body;
        }
        session = { userId: found.session.userId, sessionId: found.session.session.id };
      }
      const origin = eventOrigin({ request, server, set }, config.server.ip);
      const services = (tx: Kysely<Database>): FlowServices => ({
        ...deps.services,
        tx,
        family: deps.db.family,
        now: () => deps.engine.clock.now(),
        request: { ip: origin.ip, userAgent: origin.userAgent, language: request.headers.get("x-language") },
        session,
        events: deps.services.events.bind(tx, origin),
        outcome,
      });
      const action = query.action;
      if (action === undefined || action === "") {
        // Before the engine runs, so a refused client leaves no flow row behind.
        const taken = await deps.services.rateLimiter.take("flow_creation", flowCreationRateLimitKey(origin.ip));
        if (!taken.allowed) {
          const refused = errorResult(FlowErrors.rateLimitExceeded, { retry_after: taken.retryAfterSeconds });
          set.headers["retry-after"] = String(taken.retryAfterSeconds);
          set.status = refused.status;
          return refused.body;
        }
      }
      const result: FlowResponse =
        action === undefined || action === ""
          ? await engine.create(services)
          : await engine.execute(action, await readBody(request, set.headers), services);
      if (outcome.session) Object.assign(set.headers, sessionTransportHeaders(outcome.session, config.session, outcome.rememberMe));
      if (outcome.clearSession) set.headers["set-cookie"] = deletionCookie(config.session.cookie);
      set.status = result.status;
      return result.body;
    };
  };
  return new Elysia({ name: "flows" })
    .post("/login", route(loginFlow), { parse: "none" })
    .post("/registration", route(registrationFlow), { parse: "none" })
    .post("/profile", route(profileFlow), { parse: "none" });
}

/**
 * The JSON body, `{}` when empty, or a marker the engine answers with `form_data_invalid_error`:
 * a body that is not JSON or is longer than the limit. The rest of an over-long body is left
 * unread, so the connection is closed after the answer.
 */
async function readBody(request: Request, headers: Record<string, unknown>): Promise<unknown> {
  const type = request.headers.get("content-type");
  if (type !== null && !type.toLowerCase().startsWith("application/json")) return UNREADABLE_BODY;
  const bytes = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (bytes === undefined) {
    headers.connection = "close";
    return UNREADABLE_BODY;
  }
  const text = utf8.decode(bytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return UNREADABLE_BODY;
  }
}

import { Elysia } from "elysia";
import { inTransaction } from "../../db/transaction.ts";
import { webhookStore } from "../../store/webhooks.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { readDtoBody, uuidProblem, validationMessage } from "./admin-load-dto.ts";
import { decodeWebhookBody, webhookBodyProblems } from "./admin-webhook-body.ts";
import { adminWebhookDto } from "./admin-webhook-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { checkCallbackUrl } from "../../ssrf/callback-check.ts";
import { webhookSecurityPolicy } from "../../ssrf/policy.ts";

/** How long a created or updated webhook lives before Hanko stops calling it. */
const LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
// Echo uses only the first message argument, so the placeholder stays in Hanko's answer.
const NOT_FOUND = "unable to find webhook with id: %s";

const idProblem = (id: string) => uuidProblem(id, "ID", "uuid4");

/**
 * The admin API's database-managed webhooks (Hanko's backend/handler/webhook.go). Hanko's handlers wrap every bind
 * and validation failure in a second 400 by hand, the way `loadDto` does. A valid body's callback must then pass
 * webhooks.security, by name and literal address (Hanko's feat-webhook-callback-url-security branch); delivery
 * checks it again with the addresses it resolves to.
 */
export function webhookRoutes(deps: AppDeps) {
  const { db, config, log } = deps;
  const { clock } = deps.runtime;
  const store = webhookStore(db.kysely, clock);
  const policy = webhookSecurityPolicy(config.webhooks.security);
  const expiry = () => new Date(clock.now().getTime() + LIFETIME_MS);
  const load = async (id: string) => {
    const webhook = await store.byId(id);
    return webhook && adminWebhookDto(webhook);
  };
  /** The 400 for a callback the policy refuses; its answer is sanitized when the policy says so, the log never. */
  const refusedCallback = (callback: string, method: string) => {
    const refusal = checkCallbackUrl(policy, callback);
    if (refusal === undefined) return undefined;
    log.warn("webhook callback refused", { code: refusal.code, reason: refusal.detail });
    return errorResponse(400, refusal.reason, method);
  };

  return new Elysia({ name: "admin-webhooks" })
    .get("/webhooks", async () => {
      const hooks = config.webhooks.hooks;
      return goJsonResponse({
        database: (await store.list()).map(adminWebhookDto),
        config: hooks.length === 0 ? null : hooks.map((h) => ({ callback: h.callback, events: h.events })),
      });
    })
    .post(
      "/webhooks",
      async ({ request }) => {
        const method = request.method;
        const body = await readDtoBody(request);
        if (!body.ok) return errorResponse(400, body.message, method);
        const decoded = decodeWebhookBody(body.node, "CreateWebhookRequestDto", false);
        if (!decoded.ok) return errorResponse(400, decoded.message, method);
        const invalid = validationMessage(webhookBodyProblems(decoded.value, false));
        if (invalid !== undefined) return errorResponse(400, invalid, method);
        const { callback, events = [] } = decoded.value;
        const refused = refusedCallback(callback, method);
        if (refused) return refused;
        const id = await inTransaction(db, (tx) =>
          webhookStore(tx, clock).create({ callback, events, enabled: true, expiresAt: expiry() }),
        );
        return goJsonResponse(await load(id), 201);
      },
      { parse: "none" },
    )
    .get("/webhooks/:id", async ({ params, request }) => {
      const invalid = validationMessage([idProblem(params.id)]);
      if (invalid !== undefined) return errorResponse(400, invalid, request.method);
      const webhook = await load(params.id);
      return webhook ? goJsonResponse(webhook) : errorResponse(404, NOT_FOUND, request.method);
    })
    .put(
      "/webhooks/:id",
      async ({ params, request }) => {
        const method = request.method;
        const body = await readDtoBody(request);
        if (!body.ok) return errorResponse(400, body.message, method);
        const decoded = decodeWebhookBody(body.node, "UpdateWebhookRequestDto", true);
        if (!decoded.ok) return errorResponse(400, decoded.message, method);
        const invalid = validationMessage([idProblem(params.id), ...webhookBodyProblems(decoded.value, true)]);
        if (invalid !== undefined) return errorResponse(400, invalid, method);
        const { callback, events = [], enabled } = decoded.value;
        const refused = refusedCallback(callback, method);
        if (refused) return refused;
        const replaced = await inTransaction(db, async (tx) => {
          const writes = webhookStore(tx, clock);
          if (!(await writes.lock(params.id, db.family))) return false;
          await writes.replace(params.id, { callback, events, enabled, expiresAt: expiry() });
          return true;
        });
        if (!replaced) return errorResponse(404, NOT_FOUND, method);
        return goJsonResponse(await load(params.id));
      },
      { parse: "none" },
    )
    .delete("/webhooks/:id", async ({ params, request, set }) => {
      const invalid = validationMessage([idProblem(params.id)]);
      if (invalid !== undefined) return errorResponse(400, invalid, request.method);
      const deleted = await inTransaction(db, async (tx) => {
        const writes = webhookStore(tx, clock);
        if (!(await writes.lock(params.id, db.family))) return false;
        await writes.delete(params.id);
        return true;
      });
      if (!deleted) return errorResponse(404, NOT_FOUND, request.method);
      set.status = 204;
      return null;
    });
}

import { Elysia } from "elysia";
import { goTime } from "../../gocompat/time.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { type DeliveryRow, webhookDeliveryStore } from "../../store/webhook-deliveries.ts";
import { webhookStore } from "../../store/webhooks.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { uuidProblem, validationMessage } from "./admin-load-dto.ts";

/** How many of a webhook's deliveries one listing shows, newest first. */
const DELIVERIES_LISTED = 100;

/** A delivery as the admin API shows it: never the token, which is signed anew for each attempt. */
function deliveryDto(row: DeliveryRow) {
  return {
    id: row.id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    last_status: row.last_status,
    last_error: row.last_error,
    next_attempt_at: row.status === "pending" ? goTime(row.next_attempt_at) : null,
    created_at: goTime(row.created_at),
    updated_at: goTime(row.updated_at),
  };
}

/**
 * Ours, not Hanko's (it keeps no record of deliveries): the outbox of a database-managed webhook,
 * `GET /webhooks/:id/deliveries`, and `POST /webhooks/:id/deliveries/:delivery_id/resend`, which makes
 * a delivery due again at once, delivered or failed.
 */
export function webhookDeliveryRoutes(deps: AppDeps) {
  const { db } = deps;
  const { clock } = deps.runtime;
  const deliveries = webhookDeliveryStore(db.kysely, clock);
  const refused = (problems: (string | undefined)[], method: string) => {
    const invalid = validationMessage(problems);
    return invalid === undefined ? undefined : errorResponse(400, invalid, method);
  };

  return new Elysia({ name: "admin-webhook-deliveries" })
    .get("/webhooks/:id/deliveries", async ({ params, request }) => {
      const bad = refused([uuidProblem(params.id, "ID", "uuid4")], request.method);
      if (bad) return bad;
      if (!(await webhookStore(db.kysely).byId(params.id))) return errorResponse(404, "webhook not found", request.method);
      return goJsonResponse((await deliveries.ofWebhook(params.id, DELIVERIES_LISTED)).map(deliveryDto));
    })
    .post("/webhooks/:id/deliveries/:delivery_id/resend", async ({ params, request }) => {
      const bad = refused([uuidProblem(params.id, "ID", "uuid4"), uuidProblem(params.delivery_id, "DeliveryID", "uuid")], request.method);
      if (bad) return bad;
      const row = await deliveries.byId(params.delivery_id);
      if (row?.webhook_id !== params.id) return errorResponse(404, "delivery not found", request.method);
      await deliveries.resend(row.id);
      deps.runtime.webhooks.nudge();
      return goJsonResponse(deliveryDto((await deliveries.byId(row.id))!), 202);
    });
}

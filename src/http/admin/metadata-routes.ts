import { Elysia } from "elysia";
import type { UserMetadata } from "../../store/user-metadata.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { applyMetadataPatch, metadataLimitProblem, parseMetadataPatch } from "./admin-metadata-patch.ts";
import { loadDtoMessage, readDtoBody } from "./admin-load-dto.ts";
import { adminUsers } from "./admin-users.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { parseGoUuid } from "../../gocompat/echo/uuid.ts";
import { userViews } from "../../store/user-views.ts";

/** The admin API's `/users/:id/metadata` routes (Hanko's backend/handler/metadata_admin.go); no webhook, as in Hanko. */
export function metadataRoutes(deps: AppDeps) {
  const { db } = deps;
  const users = adminUsers(deps);

  return new Elysia({ name: "admin-metadata" })
    .get("/users/:id/metadata", async ({ params, request }) => {
      const parsed = parseGoUuid(params.id);
      if (!parsed.ok) return errorResponse(400, "invalid user id", request.method);
      const read = await users.decide((service) => service.metadataOf(parsed.uuid));
      return read.ok ? metadataResponse(read.metadata) : errorResponse(404, "user not found", request.method);
    })
    .patch(
      "/users/:id/metadata",
      async ({ params, request }) => {
        const method = request.method;
        const parsed = parseGoUuid(params.id);
        if (!parsed.ok) return errorResponse(400, "invalid user id", method);
        const body = await readDtoBody(request);
        if (!body.ok) return errorResponse(400, body.message, method);
        const patch = body.node && parseMetadataPatch(body.node, body.bytes);
        // The decoder's own error is both the message and the cause of Echo's 400.
        if (patch && !patch.ok) return errorResponse(400, loadDtoMessage(400, patch.error, patch.error), method);
        if (!(await userViews(db.kysely).exists(parsed.uuid))) return errorResponse(404, "user not found", method);
        // Hanko merge-patches with nothing, which fails as a 500; an absent patch is the client's mistake.
        if (!patch) return errorResponse(400, "the body must be a JSON merge patch", method);
        const changed = await users.decide((service) =>
          service.changeMetadata(parsed.uuid, (current) => {
            const patched = applyMetadataPatch(current, patch.patch);
            const problem = metadataLimitProblem(patched);
            return problem === undefined ? { ok: true, metadata: patched } : { ok: false, problem };
          }),
        );
        if (!changed.ok) {
          return changed.refusal === "metadata_invalid"
            ? errorResponse(400, changed.detail, method)
            : errorResponse(404, "user not found", method);
        }
        return metadataResponse(changed.metadata);
      },
      { parse: "none" },
    );
}

/** Kinds that are NULL or `{}` are left out; with none left the answer is 204. */
function metadataResponse(metadata: UserMetadata): Response {
  const shown = (text: string | null) => (text === null || text === "{}" ? undefined : (JSON.parse(text) as unknown));
  const body = {
    ...(shown(metadata.public) !== undefined && { public_metadata: shown(metadata.public) }),
    ...(shown(metadata.private) !== undefined && { private_metadata: shown(metadata.private) }),
    ...(shown(metadata.unsafe) !== undefined && { unsafe_metadata: shown(metadata.unsafe) }),
  };
  return Object.keys(body).length === 0 ? new Response(null, { status: 204 }) : goJsonResponse(body);
}

import { Elysia } from "elysia";
import { inTransaction } from "../../db/transaction.ts";
import { type UserMetadata, userMetadataStore } from "../../store/user-metadata.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { applyMetadataPatch, metadataLimitProblem, parseMetadataPatch } from "./admin-metadata-patch.ts";
import { loadDtoMessage, readDtoBody } from "./admin-load-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { parseGoUuid } from "../../gocompat/echo/uuid.ts";

const EMPTY: UserMetadata = { public: null, private: null, unsafe: null };

/** The admin API's `/users/:id/metadata` routes (admin-api.md §4); no webhook, as in Hanko. */
export function metadataRoutes(deps: AppDeps) {
  const { db } = deps;
  const userExists = async (userId: string) =>
    (await db.kysely.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst()) !== undefined;

  return new Elysia({ name: "admin-metadata" })
    .get("/users/:id/metadata", async ({ params, request }) => {
      const parsed = parseGoUuid(params.id);
      if (!parsed.ok) return errorResponse(400, "invalid user id", request.method);
      if (!(await userExists(parsed.uuid))) return errorResponse(404, "user not found", request.method);
      const store = userMetadataStore(db.kysely);
      let metadata = await store.get(parsed.uuid);
      if (!metadata) {
        // Hanko's persister creates the empty row on first read.
        await store.put(parsed.uuid, EMPTY);
        metadata = EMPTY;
      }
      return metadataResponse(metadata);
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
        if (!(await userExists(parsed.uuid))) return errorResponse(404, "user not found", method);
        // Hanko merge-patches with nothing, which fails as a 500; an absent patch is the client's mistake.
        if (!patch) return errorResponse(400, "the body must be a JSON merge patch", method);
        const userId = parsed.uuid;
        const result = await inTransaction(db, async (tx) => {
          const store = userMetadataStore(tx);
          const patched = applyMetadataPatch((await store.get(userId)) ?? EMPTY, patch.patch);
          const problem = metadataLimitProblem(patched);
          if (problem === undefined) await store.put(userId, patched);
          return { patched, problem };
        });
        if (result.problem !== undefined) return errorResponse(400, result.problem, method);
        return metadataResponse(result.patched);
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

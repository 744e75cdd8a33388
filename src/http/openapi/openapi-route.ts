import { Elysia } from "elysia";
import { openApiDocument, type RouteLike } from "./document.ts";
import type { ApiDescription } from "./operation.ts";

/**
 * `GET /openapi.json`: the document of the app it is mounted in, built on the first request, once
 * the app has all its routes, and kept: routes do not change while serving.
 */
export function openApiRoute(app: () => { routes: readonly RouteLike[] }, api: ApiDescription) {
  let text: string | undefined;
  return new Elysia({ name: "openapi" }).get("/openapi.json", () => {
    text ??= `${JSON.stringify(openApiDocument(app(), api))}\n`;
    return new Response(text, { headers: { "content-type": "application/json" } });
  });
}

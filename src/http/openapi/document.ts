import type { TObject } from "@sinclair/typebox";
import type { ApiDescription, Operation, PathParam, ResponseSpec } from "./operation.ts";

/** A route as Elysia lists it in `app.routes`. */
export interface RouteLike {
  method: string;
  path: string;
}

const DOCUMENTED_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/**
 * Whether a registered route is API surface: the methods an API is called with, on a path without
 * a wildcard. HEAD and OPTIONS routes (which Elysia can add for GET routes and preflights) and
 * catch-all handlers (for 404 and 405 answers) describe no operation of their own; the apps
 * register none of them today, 404, 405 and preflights being answered from hooks.
 */
export function isApiRoute(route: RouteLike): boolean {
  return DOCUMENTED_METHODS.has(route.method.toUpperCase()) && !route.path.includes("*");
}

/** `METHOD /path`, the key of an operation table. */
export function routeKey(route: RouteLike): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/**
 * The OpenAPI 3.1 document of an app: one operation per route the app registers, described by the
 * table. Table entries without a route (`GET /metrics` when there are no metrics) are left out.
 * A route without an entry is not dropped but emitted bare and marked `x-undocumented`: serving
 * the rest of the document is more use to a client than a 500, and the OpenAPI test fails on the
 * mark, so it cannot go unnoticed.
 */
export function openApiDocument(app: { routes: readonly RouteLike[] }, api: ApiDescription) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of app.routes) {
    if (!isApiRoute(route)) continue;
    const key = routeKey(route);
    const operation = api.operations[key];
    const path = templatePath(route.path, operation?.pathParams, key);
    (paths[path] ??= {})[route.method.toLowerCase()] = operation ? operationObject(operation) : undocumented(route);
  }
  return {
    openapi: "3.1.0" as const,
    info: api.info,
    paths,
    ...(api.securitySchemes && { components: { securitySchemes: api.securitySchemes } }),
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

/**
 * `/users/:id/emails/:email_id` → `/users/{user_id}/emails/{email_id}`: Elysia needs one parameter
 * name per position across routes, Hanko's documents name them per route. A table that names more
 * or fewer parameters than the path has is a mistake in the table, so it throws.
 */
function templatePath(path: string, params: readonly PathParam[] | undefined, key: string): string {
  const segments = path.split("/");
  const count = segments.filter((segment) => segment.startsWith(":")).length;
  if (params && params.length !== count)
    throw new Error(`OpenAPI: ${key} has ${count} path parameters, its table entry names ${params.length}`);
  let index = 0;
  return segments
    .map((segment) => (segment.startsWith(":") ? `{${params ? params[index++]!.name : segment.slice(1)}}` : segment))
    .join("/");
}

function operationObject(operation: Operation) {
  const parameters = [
    ...(operation.pathParams ?? []).map((param) => ({
      name: param.name,
      in: "path",
      required: true,
      description: param.description,
      schema: param.schema,
    })),
    ...objectParameters(operation.query, "query"),
    ...objectParameters(operation.headers, "header"),
  ];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    tags: operation.tags,
    ...(parameters.length > 0 && { parameters }),
    ...(operation.body && {
      requestBody: {
        description: operation.body.description,
        required: operation.body.required,
        content: { "application/json": { schema: operation.body.schema } },
      },
    }),
    responses: Object.fromEntries(Object.entries(operation.responses).map(([status, response]) => [status, responseObject(response)])),
    ...(operation.security && { security: operation.security }),
  };
}

function objectParameters(schema: TObject | undefined, location: "query" | "header") {
  if (!schema) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => {
    // The description belongs to the parameter; said again in its schema it would only repeat.
    const { description, ...rest } = property as { description?: string };
    return { name, in: location, required: required.has(name), ...(description !== undefined && { description }), schema: rest };
  });
}

function responseObject(response: ResponseSpec) {
  return {
    description: response.description,
    ...(response.headers && { headers: response.headers }),
    ...(response.schema && { content: { [response.mediaType ?? "application/json"]: { schema: response.schema } } }),
  };
}

function undocumented(route: RouteLike) {
  return {
    summary: `${routeKey(route)} has no entry in the operation table`,
    "x-undocumented": true,
    responses: { default: { description: "Not documented" } },
  };
}

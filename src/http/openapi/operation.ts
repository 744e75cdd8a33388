import type { TObject, TSchema } from "@sinclair/typebox";
import { statusText } from "../error-body.ts";
import { errorBody } from "./schemas/common.ts";

/** A response header worth telling clients about. */
export interface HeaderSpec {
  description: string;
  schema: TSchema;
  /** Sent on every response with this status. */
  required?: boolean;
}

/** One status of an operation: a body of `schema` in `mediaType`, or no body at all when `schema` is absent. */
export interface ResponseSpec {
  description: string;
  schema?: TSchema;
  /** `application/json` unless said otherwise. */
  mediaType?: string;
  headers?: Record<string, HeaderSpec>;
}

/** A path parameter under the name Hanko documents, which need not be the one the router uses. */
export interface PathParam {
  name: string;
  description: string;
  schema: TSchema;
}

/** An OpenAPI security requirement; of an operation's list any one suffices, and `{}` means none is needed. */
export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** In the order the parameters appear in the route's path. */
  pathParams?: PathParam[];
  /** One query parameter per property; required ones are in the object's `required`. */
  query?: TObject;
  /** One request header parameter per property, like `query`. */
  headers?: TObject;
  body?: { description: string; schema: TSchema; required: boolean };
  responses: Record<number, ResponseSpec>;
  security?: SecurityRequirement[];
}

/**
 * The operations of one API, keyed by method and path exactly as the routes are registered with
 * Elysia (`GET /users/:id/emails/:email_id`), so the document can be built from the routes that exist.
 */
export type OperationTable = Record<string, Operation>;

export interface ApiInfo {
  title: string;
  version: string;
  description: string;
}

/** What one API's document is made from, besides its routes. */
export interface ApiDescription {
  info: ApiInfo;
  operations: OperationTable;
  securitySchemes?: Record<string, Record<string, unknown>>;
}

/** An answer with a JSON body. */
export function json(description: string, schema: TSchema, headers?: Record<string, HeaderSpec>): ResponseSpec {
  return { description, schema, ...(headers && { headers }) };
}

/** An answer without a body (204). */
export function noContent(description: string): ResponseSpec {
  return { description };
}

/**
 * Hanko's error bodies for the given statuses, each described by why the route answers it; the
 * schema pins `code` to the status, so a body that says otherwise is caught.
 */
export function errors(reasons: Record<number, string>): Record<number, ResponseSpec> {
  return Object.fromEntries(
    Object.entries(reasons).map(([status, reason]) => [
      status,
      { description: `${statusText(Number(status))}: ${reason}`, schema: errorBody(Number(status)) },
    ]),
  );
}

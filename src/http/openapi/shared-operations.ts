import { Type } from "@sinclair/typebox";
import { json, type OperationTable } from "./operation.ts";
import { CLOSED } from "./schemas/common.ts";
import { OpenApiDocumentSchema } from "./schemas/public.ts";

const html = (description: string) => ({ description, schema: Type.String(), mediaType: "text/html" });

/** The routes both APIs serve (`commonPlugins`), and this document's own route. */
export const sharedOperations: OperationTable = {
  "GET /": {
    operationId: "statusPage",
    summary: "Status page",
    description: "An HTML page saying whether the API and its database work.",
    tags: ["Status"],
    responses: { 200: html("The API and its database work"), 500: html("The database does not answer") },
  },
  "GET /health/alive": {
    operationId: "alive",
    summary: "Liveness",
    tags: ["Status"],
    responses: { 200: json("The process answers", Type.Object({ alive: Type.Literal(true) }, CLOSED)) },
  },
  "GET /health/ready": {
    operationId: "ready",
    summary: "Readiness",
    description: "Ready only while the database answers, so a load balancer stops sending requests to a node that cannot serve them.",
    tags: ["Status"],
    responses: {
      200: json("The database answers", Type.Object({ ready: Type.Literal(true) }, CLOSED)),
      503: json("The database does not answer", Type.Object({ ready: Type.Literal(false) }, CLOSED)),
    },
  },
  "GET /openapi.json": {
    operationId: "openApiDocument",
    summary: "This OpenAPI document",
    tags: ["Status"],
    responses: { 200: json("The OpenAPI 3.1 document of this API", OpenApiDocumentSchema) },
  },
};

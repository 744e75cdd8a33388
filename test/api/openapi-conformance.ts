import { expect } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import type { OperationTable } from "../../src/http/openapi/operation.ts";

/** The parts of a served OpenAPI document the checks read. */
export interface ServedDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, DocumentedOperation>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

export interface DocumentedOperation {
  operationId?: string;
  parameters?: { name: string; in: string; required: boolean }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
  security?: Record<string, string[]>[];
  "x-undocumented"?: boolean;
}

export interface RequestInit {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with `contentType`. */
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  body: any;
  response: Response;
}

/**
 * Sends real requests to an API and holds each answer against its document: the status must be
 * one the operation documents, the body must validate against that status's schema (and be absent
 * where none is documented), the media type and the required headers must be there. The schema
 * checked is the table's TypeBox schema, after making sure the served document carries exactly it.
 */
export class Conformance {
  /** `METHOD /path` of every operation that answered a documented 2xx. */
  readonly succeeded = new Set<string>();
  private readonly byOperationId = new Map<string, DocumentedOperation>();

  constructor(
    private readonly url: string,
    document: ServedDocument,
    private readonly operations: OperationTable,
    private readonly headers: Record<string, string> = {},
  ) {
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) if (operation.operationId) this.byOperationId.set(operation.operationId, operation);
    }
  }

  /** Sends `path` to the operation registered as `key` (`GET /users/:id`) and checks the answer. */
  async call(key: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const operation = this.operations[key];
    if (!operation) throw new Error(`no operation ${key} in the table`);
    const served = this.byOperationId.get(operation.operationId);
    if (!served) throw new Error(`${key} (${operation.operationId}) is not in the served document`);

    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    let body: string | undefined;
    if (init.rawBody !== undefined) body = init.rawBody;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
    const response = await fetch(`${this.url}${path}`, { method: key.split(" ")[0], headers, body });
    const status = response.status;
    const text = await response.text();
    const where = `${key} answered ${status} to ${path}: ${text.slice(0, 300)}`;

    const documented = operation.responses[status];
    expect(documented, `${where} — a status it does not document`).toBeDefined();
    const servedResponse = served.responses[String(status)];
    expect(servedResponse, `${where} — the served document lacks the status`).toBeDefined();
    let parsed: unknown;
    if (documented!.schema) {
      const mediaType = documented!.mediaType ?? "application/json";
      expect(servedResponse!.content?.[mediaType]?.schema, `${where} — the served schema differs from the table's`).toEqual(
        JSON.parse(JSON.stringify(documented!.schema)),
      );
      expect((response.headers.get("content-type") ?? "").split(";")[0]!.trim(), where).toBe(mediaType);
      parsed = mediaType === "application/json" ? JSON.parse(text) : text;
      const problems = [...Value.Errors(documented!.schema, parsed)].map((e) => `${e.path || "/"}: ${e.message}`);
      expect(problems, `${where} — the body does not match the documented schema`).toEqual([]);
    } else {
      expect(text, `${where} — documented without a body`).toBe("");
      expect(servedResponse!.content, where).toBeUndefined();
    }
    for (const [name, header] of Object.entries(documented!.headers ?? {})) {
      if (header.required) expect(response.headers.get(name), `${where} — header ${name}`).not.toBeNull();
    }

    if (status >= 200 && status < 300) {
      // A request that succeeded must have been one the document allows.
      if (init.body !== undefined && operation.body) {
        const problems = [...Value.Errors(operation.body.schema, init.body)].map((e) => `${e.path || "/"}: ${e.message}`);
        expect(problems, `${key}: the request body that succeeded does not match the documented one`).toEqual([]);
      }
      this.succeeded.add(key);
    }
    return { status, body: parsed, response };
  }
}

/** `METHOD /path` of every route the app registers that is API surface, parameters reduced to `{}`. */
export function registeredOperations(app: { routes: readonly { method: string; path: string }[] }): string[] {
  return app.routes
    .filter((route) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(route.method.toUpperCase()) && !route.path.includes("*"))
    .map((route) => `${route.method.toUpperCase()} ${route.path.replace(/:[^/]+/g, "{}")}`)
    .sort();
}

/** `METHOD /path` of every operation a document lists, parameters reduced to `{}`. */
export function documentedOperations(document: ServedDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "{}")}`))
    .sort();
}

/**
 * The document is well formed as far as tools rely on it: OpenAPI 3.1, every path parameter
 * declared exactly once and required, unique operation ids, a described response for every status,
 * at least one success with a schema or an explicit no-content answer, security schemes that exist.
 */
export function expectWellFormed(document: ServedDocument, version: string): void {
  expect(document.openapi).toBe("3.1.0");
  expect(document.info.title).toBeString();
  expect(document.info.version).toBe(version);
  const ids = new Set<string>();
  const shapes = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    expect(path.startsWith("/"), path).toBe(true);
    const shape = path.replace(/\{[^}]+\}/g, "{}");
    expect(shapes.has(shape), `${path}: another path differs from it only in parameter names`).toBe(false);
    shapes.add(shape);
    const templateNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation["x-undocumented"], `${where} has no entry in the operation table`).toBeUndefined();
      expect(operation.operationId, where).toBeString();
      expect(ids.has(operation.operationId!), `${where}: operationId ${operation.operationId} twice`).toBe(false);
      ids.add(operation.operationId!);
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === "path");
      expect(
        pathParams.map((p) => p.name),
        where,
      ).toEqual(templateNames);
      for (const param of pathParams) expect(param.required, where).toBe(true);
      const statuses = Object.keys(operation.responses);
      expect(statuses.length, where).toBeGreaterThan(0);
      for (const status of statuses) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect(operation.responses[status]!.description, `${where} ${status}`).toBeString();
      }
      const success = statuses.filter((s) => s.startsWith("2")).map((s) => operation.responses[s]!);
      expect(
        success.some((r) => r.content !== undefined && Object.values(r.content).every((c) => c.schema !== undefined)) ||
          (statuses.includes("204") && operation.responses["204"]!.content === undefined),
        `${where}: no success with a schema or an explicit no-content answer`,
      ).toBe(true);
      for (const requirement of operation.security ?? []) {
        for (const scheme of Object.keys(requirement))
          expect(document.components?.securitySchemes?.[scheme], `${where}: ${scheme}`).toBeDefined();
      }
    }
  }
}

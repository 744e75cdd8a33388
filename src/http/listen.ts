import type { Elysia } from "elysia";
import { createLogger } from "../log/logger.ts";
import { errorResponse } from "./error-body.ts";
import { parseListenAddress } from "./listen-address.ts";

export interface RunningApi {
  name: string;
  url: string;
  /** Stops accepting connections and resolves once the requests in flight are answered. */
  stop(): Promise<void>;
}

/**
 * The most any request may send. Routes that read a body set their own, lower limits and answer
 * those in Hanko's format; this bound, four times the largest, keeps any other route from
 * buffering an unbounded body. Bun answers a body over it with a bare 413 of its own.
 */
const MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

/** Application messages go to stderr, where `serve` writes its own. */
const log = createLogger();

export function listen(name: string, app: Elysia<any, any, any, any, any, any, any>, address: string): RunningApi {
  const { hostname, port } = parseListenAddress(address);
  app.listen({
    hostname,
    port,
    maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    // Bun's development mode answers an uncaught error with an HTML page showing source and paths.
    development: false,
    // Only a fault in the error handling itself gets here; the answer is still Hanko's bare 500.
    error(error) {
      log.error("request failed outside the error handler", { api: name, error: error.message });
      return errorResponse(500);
    },
  });
  const server = app.server;
  if (!server) throw new Error(`${name} API did not start on ${address}`);
  return {
    name,
    // Every interface includes this machine's, which is the address a person can open.
    url: `http://${hostname === "0.0.0.0" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname}:${server.port}`,
    stop: () => server.stop(),
  };
}

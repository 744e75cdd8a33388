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

/** Application messages go to stderr, where `serve` writes its own. */
const log = createLogger();

export function listen(name: string, app: Elysia<any, any, any, any, any, any, any>, address: string): RunningApi {
  const { hostname, port } = parseListenAddress(address);
  app.listen({
    hostname,
    port,
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

import type { Elysia } from "elysia";
import { parseListenAddress } from "./listen-address.ts";

export interface RunningApi {
  name: string;
  url: string;
  /** Stops accepting connections and resolves once the requests in flight are answered. */
  stop(): Promise<void>;
}

export function listen(name: string, app: Elysia<any, any, any, any, any, any, any>, address: string): RunningApi {
  const { hostname, port } = parseListenAddress(address);
  app.listen({ hostname, port });
  const server = app.server;
  if (!server) throw new Error(`${name} API did not start on ${address}`);
  return {
    name,
    // Every interface includes this machine's, which is the address a person can open.
    url: `http://${hostname === "0.0.0.0" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname}:${server.port}`,
    stop: () => server.stop(),
  };
}

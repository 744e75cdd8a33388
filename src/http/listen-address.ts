/** A Go-style listen address (`:8000`, `127.0.0.1:8000`, `[::1]:8000`) as Bun.serve wants it. */
export interface ListenAddress {
  hostname: string;
  port: number;
}

export function parseListenAddress(address: string): ListenAddress {
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d{1,5})$/.exec(address.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`"${address}" is not a listen address; use host:port or :port, e.g. :8000`);
  // Go listens on every interface for an empty host.
  const hostname = match[1] ?? match[2] ?? "";
  return { hostname: hostname === "" ? "0.0.0.0" : hostname, port };
}

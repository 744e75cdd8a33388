import { parseListenAddress } from "../listen-address.ts";

/** Whether a listen address (`host:port`) is reachable from this machine only. */
export function isLoopbackListenAddress(address: string): boolean {
  let hostname: string;
  try {
    hostname = parseListenAddress(address).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hostname === "localhost" || hostname === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

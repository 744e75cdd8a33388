import { parseListenAddress } from "../listen-address.ts";

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const LOOPBACK_IPV4 = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/**
 * Whether a host name or address (IPv6 without brackets) is this machine's loopback interface:
 * `localhost`, 127.0.0.0/8 in dotted-decimal form or `::1`. Names under `.localhost` are not
 * included: not every resolver keeps them off DNS, and browsers write addresses in these forms.
 */
function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return name === "localhost" || name === "::1" || LOOPBACK_IPV4.test(name);
}

/** Whether a listen address (`host:port`) is reachable from this machine only. */
export function isLoopbackListenAddress(address: string): boolean {
  try {
    return isLoopbackHostname(parseListenAddress(address).hostname);
  } catch {
    return false;
  }
}

/** `host` or `host:port` as a `Host` header carries it, the host an IPv6 literal in brackets or anything but a colon. */
const HOST_HEADER = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::\d*)?$/;

/**
 * Whether a request's `Host` header names the loopback interface, with any port. A page that DNS
 * rebinding has pointed at this machine is sent with its own host name, so it fails this; a
 * missing or malformed header fails it too.
 */
export function isLoopbackHost(host: string | null): boolean {
  const match = host === null ? null : HOST_HEADER.exec(host);
  return match !== null && isLoopbackHostname(match[1] ?? match[2]!);
}

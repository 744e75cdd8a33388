import { parseDuration } from "../gocompat/duration.ts";
import type { Config } from "../config/schema.ts";

/** The session configuration, resolved once: durations parsed, fallbacks applied. */
export interface SessionSettings {
  lifespanSeconds: number;
  audience: string[];
  issuer: string;
  template?: Record<string, unknown>;
  /** Most active sessions per user; 0 or less means no limit. */
  limit: number;
  acquireIpAddress: boolean;
  acquireUserAgent: boolean;
  /** 0 disables the idle timeout. */
  idleTimeoutMs: number;
}

export function sessionSettingsOf(config: Config): SessionSettings {
  const session = config.session;
  const claims = session.jwt_template.claims;
  return {
    lifespanSeconds: Math.floor(parseDuration(session.lifespan) / 1000),
    audience: session.audience.length > 0 ? session.audience : [config.webauthn.relying_party.id],
    issuer: session.issuer,
    template: Object.keys(claims).length > 0 ? claims : undefined,
    limit: session.limit,
    acquireIpAddress: session.acquire_ip_address,
    acquireUserAgent: session.acquire_user_agent,
    idleTimeoutMs: session.idle_timeout === "" ? 0 : Math.max(0, parseDuration(session.idle_timeout)),
  };
}

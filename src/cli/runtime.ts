import type { Config } from "../config/schema.ts";
import type { Db } from "../db/connect.ts";
import { KeyRing } from "../keys/key-ring.ts";
import { provisionKeys } from "../keys/provision.ts";
import type { Logger } from "../log/logger.ts";
import { SessionService } from "../session/session-service.ts";
import { sessionSettingsOf } from "../session/settings.ts";
import { jwkStore } from "../store/jwks.ts";

/** Polling for keys another node added; an unknown `kid` looks sooner. */
const KEY_REFRESH_MS = 60_000;
const UNKNOWN_KID_REFRESH_MS = 5_000;

export interface Runtime {
  keys: KeyRing;
  sessions: SessionService;
  close(): void;
}

/** The services a migrated database and a configuration give rise to, shared by the commands that need them. */
export async function startRuntime(config: Config, db: Db, log: Logger): Promise<Runtime> {
  const store = jwkStore(db.kysely);
  const generated = await provisionKeys(store, config.secrets.keys, () => new Date());
  if (generated > 0) log.info("generated signing keys", { count: generated });
  const keys = await KeyRing.open(store, config.secrets.keys, {
    refreshEveryMs: KEY_REFRESH_MS,
    unknownKidRefreshMs: UNKNOWN_KID_REFRESH_MS,
    log,
  });
  const sessions = new SessionService(db, keys, sessionSettingsOf(config), log);
  return { keys, sessions, close: () => keys.close() };
}

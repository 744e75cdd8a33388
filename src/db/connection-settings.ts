import { type SqlFamily, sqlFamilyOf } from "./dialect.ts";

/** The `database` section of the configuration, as far as connecting goes. */
export interface DatabaseSettings {
  url: string;
  dialect: string;
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
}

export type ConnectionTarget = { family: "sqlite"; path: string } | { family: "postgres" | "mysql"; url: string };

/**
 * Resolves where to connect. As in Hanko, a non-blank `url` wins over the single fields;
 * its scheme then decides the family (`sqlite:` paths are ours).
 */
export function connectionTarget(settings: DatabaseSettings): ConnectionTarget {
  const url = settings.url.trim();
  if (url !== "") return targetFromUrl(url);
  const family = sqlFamilyOf(settings.dialect);
  if (family === "sqlite") return { family, path: settings.database };
  const scheme = family === "postgres" ? "postgres" : "mysql";
  const auth = `${encodeURIComponent(settings.user)}:${encodeURIComponent(settings.password)}`;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return { family, url: `${scheme}://${auth}@${host}:${settings.port}/${encodeURIComponent(settings.database)}` };
}

function targetFromUrl(url: string): ConnectionTarget {
  const scheme = url.slice(0, url.indexOf(":")).toLowerCase();
  const family: SqlFamily = sqlFamilyOf(scheme);
  if (family === "sqlite") return { family, path: url.replace(/^sqlite3?:(\/\/)?/i, "") };
  if (family === "mysql") return { family, url: fromGoMysqlDsn(url) };
  return { family, url };
}

/**
 * Hanko (through pop) takes MySQL URLs in Go driver form, `mysql://user:pw@tcp(host:3306)/db?parseTime=true`.
 * Rewrites that form to a standard URL; its Go-only query options mean nothing to our driver.
 */
function fromGoMysqlDsn(url: string): string {
  const match = /^mysql:\/\/(.*)@(?:tcp)?\(([^)]*)\)\/([^?]*)/i.exec(url);
  if (!match) return url;
  const [, auth, address, database] = match;
  return `mysql://${auth}@${address}/${database}`;
}

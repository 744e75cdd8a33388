/** The three SQL families we speak. Hanko's `mariadb` and `cockroach` map onto them. */
export type SqlFamily = "postgres" | "mysql" | "sqlite";

export function sqlFamilyOf(dialect: string): SqlFamily {
  switch (dialect.toLowerCase()) {
    case "postgres":
    case "postgresql":
    case "cockroach":
      return "postgres";
    case "mysql":
    case "mariadb":
      return "mysql";
    case "sqlite":
    case "sqlite3":
      return "sqlite";
    default:
      throw new Error(`unsupported database dialect "${dialect}"`);
  }
}

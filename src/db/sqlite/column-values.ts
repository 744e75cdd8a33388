import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
  type PrimitiveValueListNode,
} from "kysely";

/**
 * SQLite has no date or boolean type. We store timestamps as ISO-8601 UTC text (which sorts
 * chronologically) and booleans as 0/1, and hand the application the same Date and boolean values
 * that PostgreSQL and MySQL return. Result columns are recognised by name: every timestamp and
 * boolean column of the schema has a name no other kind of column uses.
 */
const TIMESTAMP_COLUMNS = new Set([
  "created_at",
  "updated_at",
  "expires_at",
  "last_used_at",
  "last_used",
  "next_attempt_at",
  "lease_until",
]);
const BOOLEAN_COLUMNS = new Set([
  "verified",
  "backup_eligible",
  "backup_state",
  "mfa_only",
  "is_flow",
  "user_created",
  "link_user",
  "enabled",
]);

function toSqlite(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

class ParameterTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return { ...super.transformValue(node), value: toSqlite(node.value) };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...super.transformPrimitiveValueList(node), values: node.values.map(toSqlite) };
  }
}

function fromSqlite(row: UnknownRow): UnknownRow {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (typeof value === "string" && TIMESTAMP_COLUMNS.has(key)) row[key] = new Date(value);
    else if (typeof value === "number" && BOOLEAN_COLUMNS.has(key)) row[key] = value !== 0;
  }
  return row;
}

export class SqliteColumnValuesPlugin implements KyselyPlugin {
  readonly #parameters = new ParameterTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#parameters.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return { ...args.result, rows: args.result.rows.map(fromSqlite) };
  }
}

import type { Kysely } from "kysely";
import type { Database, Row } from "../db/tables.ts";

/** A third-party or SAML account, with the SAML domain when it came from a SAML IdP. */
export type IdentityRow = Row<"identities"> & { samlDomain: string | null };

export function identityStore(db: Kysely<Database>) {
  return {
    async delete(id: string): Promise<void> {
      await db.deleteFrom("identities").where("id", "=", id).execute();
    },

    /** Identities linked to the user directly or through one of the user's emails. */
    async ofUser(userId: string): Promise<IdentityRow[]> {
      const rows = await db
        .selectFrom("identities")
        .leftJoin("saml_identities", "saml_identities.identity_id", "identities.id")
        .selectAll("identities")
        .select("saml_identities.domain as saml_domain")
        .where((eb) =>
          eb.or([
            eb("identities.user_id", "=", userId),
            eb("identities.email_id", "in", eb.selectFrom("emails").select("emails.id").where("emails.user_id", "=", userId)),
          ]),
        )
        .orderBy("identities.created_at")
        .orderBy("identities.id")
        .execute();
      return rows.map(({ saml_domain, ...identity }) => ({ ...identity, samlDomain: saml_domain }));
    },
  };
}

import type { Config } from "../config/schema.ts";
import type { IdentityRow } from "../store/identities.ts";

export interface IdentityDto {
  id: string;
  provider: string;
  identity_id: string;
}

// Hanko names built-in providers by their Go field names.
const BUILT_IN_NAMES: Record<string, string> = {
  apple: "Apple",
  discord: "Discord",
  github: "GitHub",
  google: "Google",
  linkedin: "LinkedIn",
  microsoft: "Microsoft",
  facebook: "Facebook",
};

/** The public shape of an identity, with the provider's display name. */
export function identityDto(identity: IdentityRow, config: Config): IdentityDto {
  return { id: identity.provider_user_id, provider: providerName(identity, config), identity_id: identity.id };
}

function providerName(identity: IdentityRow, config: Config): string {
  if (identity.samlDomain !== null) {
    const idp = config.saml.identity_providers.find((p) => p.enabled && p.domain === identity.samlDomain);
    if (idp) return idp.name;
  }
  const custom = /^custom_(.+)$/.exec(identity.provider_id)?.[1];
  if (custom !== undefined) {
    const provider = config.third_party.custom_providers[custom];
    if (provider) return provider.display_name;
  }
  return BUILT_IN_NAMES[identity.provider_id] ?? identity.provider_id;
}

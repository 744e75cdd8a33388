import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import type { KeyRing } from "../../keys/key-ring.ts";

// Hanko lists enabled built-in providers by Go field name, in this order.
const PROVIDERS: readonly [keyof Config["third_party"]["providers"], string][] = [
  ["apple", "Apple"],
  ["discord", "Discord"],
  ["github", "GitHub"],
  ["google", "Google"],
  ["linkedin", "LinkedIn"],
  ["microsoft", "Microsoft"],
  ["facebook", "Facebook"],
];

/** `/.well-known/jwks.json` (the public signing keys) and `/.well-known/config` (the public settings of the 2.x API). */
export function wellKnownRoutes(keys: KeyRing, config: Config) {
  const providers = PROVIDERS.filter(([key]) => config.third_party.providers[key].enabled).map(([, name]) => name);
  const publicConfig = {
    password: { enabled: config.password.enabled, min_password_length: config.password.min_length },
    emails: { require_verification: config.email.require_verification, max_num_of_addresses: config.email.limit },
    // Hanko's encoder writes an empty list as null here.
    providers: providers.length > 0 ? providers : null,
    account: { allow_deletion: config.account.allow_deletion, allow_signup: config.account.allow_signup },
    use_enterprise: config.saml.enabled && config.saml.identity_providers.some((p) => p.enabled),
  };
  return new Elysia({ name: "well-known" })
    .get("/.well-known/jwks.json", ({ set }) => {
      set.headers["cache-control"] = "max-age=600";
      return keys.jwks();
    })
    .get("/.well-known/config", () => publicConfig);
}

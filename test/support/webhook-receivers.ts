/** `webhooks.security` for tests whose receivers listen on loopback, which `public_only` (the default) refuses. */
export const LOOPBACK_HOOKS = { mode: "custom", allowed_schemes: ["http"], allowed_cidrs: ["127.0.0.1/32"] };

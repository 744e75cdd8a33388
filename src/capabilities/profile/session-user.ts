import type { Ctx } from "../../flowkit/flow-services.ts";
import type { ProfileFacts } from "../../flowkit/flow-data.ts";
import { loadProfile } from "../../profile/load-profile.ts";
import type { ProfileView } from "../../store/user-views.ts";
import { userStore } from "../../store/users.ts";

/** The profile flow's user: the owner of the session the request came with. */
export function sessionUserId(ctx: Ctx): string {
  const session = ctx.services.session;
  if (!session) throw new Error("the profile flow runs without a session");
  return session.userId;
}

/**
 * Locks the session user's row and reloads what they have into `ctx.data.profile`: two tabs removing
 * sign-in methods at once are serialised here, so the second decides on what the first left.
 */
export async function lockAndRefresh(ctx: Ctx): Promise<void> {
  const { tx } = ctx.services;
  const userId = await lockSessionUser(ctx);
  const profile = await loadProfile(tx, userId);
  if (!profile) throw new Error(`the session user ${userId} does not exist`);
  ctx.data.profile = profileFacts(profile, ctx.data.profile?.otherSessionIds ?? []);
}

/** Locks the session user's row until the step's transaction ends: two tabs' changes then run one after the other. */
export async function lockSessionUser(ctx: Ctx): Promise<string> {
  const { tx, family } = ctx.services;
  const userId = sessionUserId(ctx);
  await userStore(tx).lock(userId, family);
  return userId;
}

export const facts = (ctx: Ctx): ProfileFacts =>
  ctx.data.profile ?? {
    emails: [],
    username: null,
    hasPassword: false,
    passkeyIds: [],
    securityKeyIds: [],
    hasOtpSecret: false,
    identityIds: [],
    credentialIds: [],
    otherSessionIds: [],
  };

/** The ways the user signs in now, given the configuration. */
export function signInMethods(ctx: Ctx) {
  const { config } = ctx.services;
  const f = facts(ctx);
  return {
    passkey: config.passkey.enabled && f.passkeyIds.length > 0,
    password: config.password.enabled && f.hasPassword,
    passcode: config.email.enabled && config.email.use_for_authentication && f.emails.length > 0,
  };
}

/** The facts about a user that decide which profile actions are offered. */
export function profileFacts(profile: ProfileView, otherSessionIds: string[]): ProfileFacts {
  return {
    emails: profile.user.emails.map((e) => ({ id: e.id, address: e.address, verified: e.verified, primary: e.isPrimary })),
    username: profile.user.username?.username ?? null,
    hasPassword: profile.hasPassword,
    passkeyIds: profile.credentials.filter((c) => !c.mfa_only).map((c) => c.id),
    securityKeyIds: profile.credentials.filter((c) => c.mfa_only).map((c) => c.id),
    hasOtpSecret: profile.hasOtpSecret,
    identityIds: profile.identities.map((i) => i.id),
    credentialIds: profile.credentials.map((c) => c.id),
    otherSessionIds,
  };
}

import type { Ctx } from "../../flowkit/flow-services.ts";
import { loadProfile } from "../../profile/load-profile.ts";
import { sessionStore } from "../../store/sessions.ts";
import { profileFacts, sessionUserId } from "./session-user.ts";

/**
 * Before each profile action: what the session user has now, which decides the actions offered. A
 * user deleted meanwhile (or just now, by `account_delete`) has nothing left to offer.
 */
export async function refreshSessionUser(ctx: Ctx): Promise<void> {
  const { tx, now, session } = ctx.services;
  const profile = await loadProfile(tx, sessionUserId(ctx));
  if (!profile) {
    delete ctx.data.profile;
    return;
  }
  const sessions = await sessionStore(tx).active(profile.user.id, now());
  ctx.data.user_id = profile.user.id;
  ctx.data.profile = profileFacts(
    profile,
    sessions.filter((s) => s.id !== session?.sessionId).map((s) => s.id),
  );
}

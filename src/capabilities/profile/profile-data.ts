import type { Ctx } from "../../flowkit/flow-services.ts";
import { goTime } from "../../gocompat/time.ts";
import { loadProfile } from "../../profile/load-profile.ts";
import { profileDto } from "../../profile/profile-dto.ts";
import { describeUserAgent } from "../../profile/user-agent.ts";
import { sessionStore } from "../../store/sessions.ts";
import { sessionUserId } from "./session-user.ts";

/** Before-state hook of `profile_init`: the user's profile and, if shown, their active sessions, newest first. */
export async function profileData(ctx: Ctx): Promise<void> {
  const { tx, config, now } = ctx.services;
  const userId = sessionUserId(ctx);
  const profile = await loadProfile(tx, userId);
  if (!profile) throw new Error(`the session user ${userId} does not exist`);
  ctx.payload.user = profileDto(profile, config);
  if (!config.session.show_on_profile) return;
  const sessions = (await sessionStore(tx).active(userId, now())).reverse();
  ctx.payload.sessions = sessions.map((s) => ({
    id: s.id,
    ...(s.user_agent !== null && { user_agent_raw: s.user_agent, user_agent: describeUserAgent(s.user_agent) }),
    ...(s.ip_address !== null && { ip_address: s.ip_address }),
    current: s.id === ctx.services.session?.sessionId,
    created_at: goTime(s.created_at),
    ...(s.expires_at !== null && { expires_at: goTime(s.expires_at) }),
    last_used: goTime(s.last_used),
  }));
}

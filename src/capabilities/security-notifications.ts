import type { Ctx } from "../flowkit/flow-services.ts";
import type { SecurityNotification } from "../services/mail/mailer.ts";

/**
 * The session user's primary address as the profile flow loaded it at the start of the step, so
 * before the step's change. Undefined outside the profile flow, where Hanko sends none of these
 * notifications either (they go to its `session_user`, which only the profile has), and for a user
 * without a primary address, who has nobody to tell.
 */
export function primaryAddress(ctx: Ctx): string | undefined {
  return ctx.data.profile?.emails.find((email) => email.primary)?.address;
}

/**
 * Mails a security notification to `to` once the step's transaction has committed (Hanko's
 * SecurityNotificationService, backend/flow_api/services/security_notification.go), unless
 * `security_notifications.notifications.<kind>.enabled` is off or there is no address. One that
 * cannot be sent is logged and dropped: the change it reports has been made, and failing the step
 * would tell the user it had not. Like Hanko's, it takes no rate-limit token: a limit someone used up
 * must not let a change to an account go unreported.
 */
export function notifyAfterCommit(ctx: Ctx, to: string | undefined, notification: SecurityNotification): void {
  const { config, mailer, log, request } = ctx.services;
  if (to === undefined || !config.security_notifications.notifications[notification.template].enabled) return;
  const context = { template: notification.template, flow: ctx.flowName, flow_id: ctx.flowId, user_id: ctx.data.user_id };
  ctx.afterCommit({
    run: async () => {
      try {
        await mailer.send({ ...notification, to, language: request.language });
      } catch (error) {
        log.error("a security notification could not be sent", {
          ...context,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
  });
}

import { fail, type Outcome, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors } from "../../flowpilot/errors.ts";
import type { Action, Ctx, FlowState } from "../../flowkit/flow-services.ts";
import type { StateName } from "../../flowkit/state-names.ts";
import { flowUsers, usernameRefused } from "../../flowkit/flow-users.ts";
import { identityStore } from "../../store/identities.ts";
import { sessionStore } from "../../store/sessions.ts";
import { facts, sessionUserId, signInMethods } from "./session-user.ts";
import { applyMergePatch, METADATA_LIMIT } from "./merge-patch.ts";
import { adminUserDto } from "../../profile/admin-user-dto.ts";
import { sessionDto } from "../../session/session-dto.ts";
import { userViews } from "../../store/user-views.ts";

const usernameInput = (ctx: Ctx) => {
  const { username } = ctx.services.config;
  return [
    {
      name: "username",
      type: "string" as const,
      required: true,
      minLength: username.min_length,
      maxLength: username.max_length,
      trim: true,
      lowercase: true,
      preserve: true,
    },
  ];
};

async function saveUsername(ctx: Ctx, webhook: string): Promise<Outcome<StateName>> {
  const userId = ctx.data.user_id!;
  // Hanko's profile writes the username even when it stays the same.
  const set = await flowUsers(ctx).setUsername(userId, String(ctx.input.username ?? ""), { rewriteUnchanged: true });
  if (!set.ok) return usernameRefused(set);
  const { username } = set;
  await ctx.services.events.emit({ webhook, audit: "username_changed", userId, details: { flow_id: ctx.flowId, username } });
  return proceed(["profile_init"]);
}

const usernameCreate: Action = {
  name: "username_create",
  description: "Create a new username.",
  inputs: usernameInput,
  suspended: (ctx) => !ctx.services.config.username.enabled || facts(ctx).username !== null,
  targets: ["profile_init"],
  execute: (ctx) => saveUsername(ctx, "user.update.username.create"),
};

const usernameUpdate: Action = {
  name: "username_update",
  description: "Update an existing username.",
  inputs: usernameInput,
  suspended: (ctx) => !ctx.services.config.username.enabled || facts(ctx).username === null,
  targets: ["profile_init"],
  execute: (ctx) => saveUsername(ctx, "user.update.username.update"),
};

const usernameDelete: Action = {
  name: "username_delete",
  description: "Delete the username of a user.",
  suspended: (ctx) => {
    const { username } = ctx.services.config;
    const f = facts(ctx);
    return !username.enabled || !username.optional || f.username === null || (f.emails.length === 0 && !signInMethods(ctx).passkey);
  },
  targets: ["profile_init"],
  async execute(ctx) {
    const userId = ctx.data.user_id!;
    const username = facts(ctx).username;
    await flowUsers(ctx).deleteUsername(userId);
    await ctx.services.events.emit({
      webhook: "user.update.username.delete",
      audit: "username_deleted",
      userId,
      details: { flow_id: ctx.flowId, username },
    });
    return proceed(["profile_init"]);
  },
};

const sessionDelete: Action = {
  name: "session_delete",
  description: "Delete a session.",
  inputs: (ctx) => [
    {
      name: "session_id",
      type: "string",
      required: true,
      hidden: true,
      allowedValues: facts(ctx).otherSessionIds.map((id) => ({ value: id, name: id })),
    },
  ],
  suspended: (ctx) => !ctx.services.config.session.allow_revocation || facts(ctx).otherSessionIds.length === 0,
  targets: ["profile_init"],
  async execute(ctx) {
    const id = String(ctx.input.session_id ?? "");
    // The current session is never among the choices, so it cannot end here.
    if (facts(ctx).otherSessionIds.includes(id)) {
      const sessions = sessionStore(ctx.services.tx);
      const revoked = await sessions.byId(id);
      await sessions.delete(id);
      if (revoked) {
        await ctx.services.events.emit({ webhook: "session.delete.explicit.revoke", userId: revoked.user_id, data: sessionDto(revoked) });
      }
    }
    return proceed(["profile_init"]);
  },
};

const invalidMetadata = { code: "invalid_metadata_error", message: "The metadata is invalid." };

const patchMetadata: Action = {
  name: "patch_metadata",
  description: "Patch the (unsafe) metadata of the user",
  inputs: () => [{ name: "patch_metadata", type: "json", required: true, hidden: false }],
  // Hanko validates this one itself: an object, or the string "null" to clear.
  validate: false,
  targets: ["profile_init"],
  async execute(ctx) {
    const patch = ctx.input.patch_metadata;
    if (patch !== "null" && (patch === null || typeof patch !== "object" || Array.isArray(patch))) {
      return fail(FlowErrors.formDataInvalid, { patch_metadata: invalidMetadata });
    }
    // Read, merge and written under the user's lock: two tabs patching at once must neither lose a change nor both insert the row.
    const changed = await flowUsers(ctx).changeMetadata(sessionUserId(ctx), (current) => {
      if (patch === "null") return { ok: true, metadata: { ...current, unsafe: null } };
      const merged = applyMergePatch(
        current.unsafe ? (JSON.parse(current.unsafe) as Record<string, unknown>) : {},
        patch as Record<string, unknown>,
      );
      const unsafe = JSON.stringify(merged);
      return unsafe.length > METADATA_LIMIT
        ? { ok: false, problem: `unsafe metadata must not exceed ${METADATA_LIMIT} characters` }
        : { ok: true, metadata: { ...current, unsafe } };
    });
    if (!changed.ok) return fail(FlowErrors.formDataInvalid, { patch_metadata: invalidMetadata });
    return proceed(["profile_init"]);
  },
};

/** Hanko declares no input here but reads `identity_id` from the raw input data; the elements send it. */
const disconnectThirdPartyProvider: Action = {
  name: "disconnect_thirdparty_oauth_provider",
  description: "Disconnect a third party provider via OAuth.",
  suspended: (ctx) => facts(ctx).identityIds.length === 0,
  targets: ["profile_init"],
  async execute(ctx) {
    const id = ctx.input.identity_id;
    if (typeof id !== "string" || !facts(ctx).identityIds.includes(id)) return fail(FlowErrors.formDataInvalid);
    await identityStore(ctx.services.tx).delete(id);
    return proceed(["profile_init"]);
  },
};

const accountDelete: Action = {
  name: "account_delete",
  description: "Delete an account.",
  suspended: (ctx) => !ctx.services.config.account.allow_deletion,
  targets: ["account_deleted"],
  async execute(ctx) {
    const userId = ctx.data.user_id!;
    // The webhook shows the user as they were; read before they are gone.
    const before = await userViews(ctx.services.tx).adminUser(userId);
    // A user another tab deleted just now is as good as deleted here.
    await flowUsers(ctx).deleteUser(userId);
    // After the deletion, as in Hanko: its entry carries no actor email (it passes only the user's id),
    // and looked up now there is none.
    await ctx.services.events.emit({
      webhook: "user.delete",
      audit: "user_deleted",
      userId,
      details: { flow_id: ctx.flowId },
      data: before && adminUserDto(before),
    });
    const { outcome } = ctx.services;
    ctx.afterCommit({ run: () => void (outcome.clearSession = true) });
    return proceed(["account_deleted"], { preventRevert: true });
  },
};

export const accountActions: Action[] = [
  usernameCreate,
  usernameUpdate,
  usernameDelete,
  sessionDelete,
  patchMetadata,
  disconnectThirdPartyProvider,
  accountDelete,
];

export const accountDeletedState: FlowState = { name: "account_deleted", actions: [] };

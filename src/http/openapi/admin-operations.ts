import { type TSchema, Type } from "@sinclair/typebox";
import { buildVersion } from "../../app/build-version.ts";
import type { Config } from "../../config/schema.ts";
import { type ApiDescription, errors, json, noContent, type Operation, type OperationTable, type PathParam } from "./operation.ts";
import { OPEN_PATHS } from "../admin/api-key-guard.ts";
import { sharedOperations } from "./shared-operations.ts";
import {
  AdminEmail,
  AdminMetadata,
  AdminUser,
  AdminUserListItem,
  CreateEmailBody,
  CreateUserBody,
  MetadataPatchBody,
  OtpCredential,
  PasswordBody,
  PasswordCredential,
  PatchUserBody,
} from "./schemas/admin-users.ts";
import { AdminSession, CreateSessionBody, IssuedSessionToken } from "./schemas/admin-sessions.ts";
import { CreateWebhookBody, UpdateWebhookBody, Webhook, WebhookDelivery, WebhookList } from "./schemas/admin-webhooks.ts";
import { AuditLog, AuditLogQuery } from "./schemas/audit-logs.ts";
import { PAGINATION_HEADERS, PAGINATION_QUERY } from "./schemas/common.ts";
import { WebauthnCredential } from "./schemas/user-parts.ts";

const uuidParam = (name: string, description: string): PathParam => ({ name, description, schema: Type.String({ format: "uuid" }) });
// Hanko names the user `id` on the user and metadata routes and `user_id` on the routes below them.
const ID = uuidParam("id", "The user's id");
const USER_ID = uuidParam("user_id", "The user's id");
const EMAIL_ID = uuidParam("email_id", "The email's id (a version 4 UUID)");
const SESSION_ID = uuidParam("session_id", "The session's id (a version 4 UUID)");
const WEBHOOK_ID = uuidParam("id", "The webhook's id (a version 4 UUID)");
const CREDENTIAL_ID: PathParam = { name: "credential_id", description: "The credential's id, base64url", schema: Type.String() };

const JSON_BODY_ONLY = "the body is not JSON (a form or XML binds nothing, any other type is refused)";
const BAD_USER_ID = "the user id is not a UUID";

const body = (schema: TSchema, description: string, required = true) => ({ description, schema, required });

const users: OperationTable = {
  "GET /users": {
    operationId: "listUsers",
    summary: "List users",
    description: "Users with at least one email or a username, by creation time, a page at a time.",
    tags: ["Users"],
    query: Type.Partial(
      Type.Object({
        ...PAGINATION_QUERY,
        user_id: Type.String({ description: "Only these users: UUIDs, comma-separated" }),
        email: Type.String({ description: "Only users with an email address containing this" }),
        username: Type.String({ description: "Only users whose username contains this (or-ed with `email`)" }),
        sort_direction: Type.Union([Type.Literal("asc"), Type.Literal("desc")], { description: "By creation time; desc when absent" }),
      }),
    ),
    responses: {
      200: json("A page of users", Type.Array(AdminUserListItem), PAGINATION_HEADERS),
      ...errors({ 400: "a page number is not an integer, a user id is not a UUID or the sort direction is unknown" }),
    },
  },
  "POST /users": {
    operationId: "createUser",
    summary: "Create a user",
    description: "Creates the user with its emails and username in one transaction and sends the `user.create` webhook.",
    tags: ["Users"],
    body: body(CreateUserBody, "The user"),
    responses: {
      200: json("The user created", AdminUser),
      ...errors({
        400: "the body is not valid",
        409: "the id, an email address or the username is taken",
        415: JSON_BODY_ONLY,
      }),
    },
  },
  "GET /users/:id": {
    operationId: "getUser",
    summary: "Get a user",
    tags: ["Users"],
    pathParams: [ID],
    responses: { 200: json("The user", AdminUser), ...errors({ 400: BAD_USER_ID, 404: "there is no such user" }) },
  },
  "PATCH /users/:id": {
    operationId: "patchUser",
    summary: "Change a user's username and profile fields",
    tags: ["Users"],
    pathParams: [ID],
    body: body(PatchUserBody, "The fields to set or clear; without a body nothing changes", false),
    responses: {
      200: json("The user as changed", AdminUser),
      ...errors({
        400: "the id or a field is not valid",
        404: "there is no such user",
        409: "another user has the username",
        415: JSON_BODY_ONLY,
      }),
    },
  },
  "DELETE /users/:id": {
    operationId: "deleteUser",
    summary: "Delete a user",
    description: "Deletes the user with everything that belongs to it and sends the `user.delete` webhook.",
    tags: ["Users"],
    pathParams: [ID],
    responses: { 204: noContent("The user is gone"), ...errors({ 400: BAD_USER_ID, 404: "there is no such user" }) },
  },
};

const metadataAnswer = {
  200: json("The user's metadata; empty kinds are left out", AdminMetadata),
  204: noContent("Every kind of metadata is empty"),
};

const metadata: OperationTable = {
  "GET /users/:id/metadata": {
    operationId: "getUserMetadata",
    summary: "Get a user's metadata",
    tags: ["Metadata"],
    pathParams: [ID],
    responses: { ...metadataAnswer, ...errors({ 400: BAD_USER_ID, 404: "there is no such user" }) },
  },
  "PATCH /users/:id/metadata": {
    operationId: "patchUserMetadata",
    summary: "Change a user's metadata",
    description:
      "Merges the body into the metadata as a JSON merge patch (RFC 7386); null clears all of it. Each kind may hold at most 3,000 characters of JSON.",
    tags: ["Metadata"],
    pathParams: [ID],
    body: body(MetadataPatchBody, "The merge patch, or null"),
    responses: {
      ...metadataAnswer,
      ...errors({
        400: "the id or the body is not valid or missing, or a kind would exceed 3,000 characters",
        404: "there is no such user",
      }),
    },
  },
};

const emailErrors = (more: Record<number, string> = {}) =>
  errors({
    400: "the user id is not a UUID or the email id not a version 4 UUID",
    404: "there is no such user, or no such email of theirs",
    ...more,
  });

const emails: OperationTable = {
  "GET /users/:id/emails": {
    operationId: "listUserEmails",
    summary: "List a user's emails",
    description: "Oldest first; an unknown user has none.",
    tags: ["Emails"],
    pathParams: [USER_ID],
    responses: { 200: json("The emails", Type.Array(AdminEmail)), ...errors({ 400: BAD_USER_ID }) },
  },
  "POST /users/:id/emails": {
    operationId: "createUserEmail",
    summary: "Add an email to a user",
    description:
      "An address nobody owns is given to the user (primary if it is their first) and the `user.update.email.create` webhook is sent. As in Hanko, `is_primary` is false in the answer even when the email became primary.",
    tags: ["Emails"],
    pathParams: [USER_ID],
    body: body(CreateEmailBody, "The address"),
    responses: {
      201: json("The email added", AdminEmail),
      ...errors({
        400: "the id or the address is not valid, or another user owns the address",
        404: "there is no such user",
        409: "the user has as many emails as `email.limit` allows",
      }),
    },
  },
  "GET /users/:id/emails/:email_id": {
    operationId: "getUserEmail",
    summary: "Get one of a user's emails",
    tags: ["Emails"],
    pathParams: [USER_ID, EMAIL_ID],
    responses: { 200: json("The email", AdminEmail), ...emailErrors() },
  },
  "DELETE /users/:id/emails/:email_id": {
    operationId: "deleteUserEmail",
    summary: "Delete one of a user's emails",
    description: "Sends the `user.update.email.delete` webhook.",
    tags: ["Emails"],
    pathParams: [USER_ID, EMAIL_ID],
    responses: { 204: noContent("The email is gone"), ...emailErrors({ 409: "it is the primary email" }) },
  },
  "POST /users/:id/emails/:email_id/set_primary": {
    operationId: "setPrimaryUserEmail",
    summary: "Make an email the user's primary one",
    description: "Sends the `user.update.email.primary` webhook unless it already was.",
    tags: ["Emails"],
    pathParams: [USER_ID, EMAIL_ID],
    responses: { 204: noContent("The email is the primary one"), ...emailErrors() },
  },
};

const credentialErrors = errors({
  400: "the user id is not a UUID, or the body names other ids",
  404: "there is no such user, or no such credential of theirs",
});

const credentials: OperationTable = {
  "GET /users/:id/webauthn_credentials": {
    operationId: "listUserWebauthnCredentials",
    summary: "List a user's passkeys and security keys",
    description: "Oldest first.",
    tags: ["WebAuthn credentials"],
    pathParams: [USER_ID],
    responses: {
      200: json("The credentials", Type.Array(WebauthnCredential)),
      ...errors({ 400: "the user id is not a UUID", 404: "there is no such user" }),
    },
  },
  "GET /users/:id/webauthn_credentials/:credential_id": {
    operationId: "getUserWebauthnCredential",
    summary: "Get one of a user's passkeys or security keys",
    tags: ["WebAuthn credentials"],
    pathParams: [USER_ID, CREDENTIAL_ID],
    responses: { 200: json("The credential", WebauthnCredential), ...credentialErrors },
  },
  "DELETE /users/:id/webauthn_credentials/:credential_id": {
    operationId: "deleteUserWebauthnCredential",
    summary: "Delete one of a user's passkeys or security keys",
    tags: ["WebAuthn credentials"],
    pathParams: [USER_ID, CREDENTIAL_ID],
    responses: { 204: noContent("The credential is gone"), ...credentialErrors },
  },
};

const passwordErrors = (more: Record<number, string>) =>
  errors({ 400: "the user id is not a UUID, or the password is missing or longer than 72 bytes", ...more });

const passwords: OperationTable = {
  "GET /users/:id/password": {
    operationId: "getUserPassword",
    summary: "When a user's password was set",
    tags: ["Passwords"],
    pathParams: [USER_ID],
    responses: {
      200: json("The password credential, without the password", PasswordCredential),
      ...errors({ 400: BAD_USER_ID, 404: "there is no such user, or they have no password" }),
    },
  },
  "POST /users/:id/password": {
    operationId: "createUserPassword",
    summary: "Set a password for a user who has none",
    description: "No length or policy check applies.",
    tags: ["Passwords"],
    pathParams: [USER_ID],
    body: body(PasswordBody, "The password"),
    responses: {
      200: json("The password credential", PasswordCredential),
      ...passwordErrors({
        404: "there is no such user",
        409: "the user has a password",
      }),
    },
  },
  "PUT /users/:id/password": {
    operationId: "updateUserPassword",
    summary: "Replace a user's password",
    tags: ["Passwords"],
    pathParams: [USER_ID],
    body: body(PasswordBody, "The new password"),
    responses: {
      200: json("The password credential", PasswordCredential),
      ...passwordErrors({
        404: "there is no such user, or they have no password",
      }),
    },
  },
  "DELETE /users/:id/password": {
    operationId: "deleteUserPassword",
    summary: "Delete a user's password",
    tags: ["Passwords"],
    pathParams: [USER_ID],
    responses: {
      204: noContent("The password is gone"),
      ...errors({ 400: BAD_USER_ID, 404: "there is no such user, or they have no password" }),
    },
  },
};

const otpErrors = errors({ 400: BAD_USER_ID, 404: "there is no such user, or they have no authenticator app" });

const otp: OperationTable = {
  "GET /users/:id/otp": {
    operationId: "getUserOtp",
    summary: "When a user set up their authenticator app",
    tags: ["OTP"],
    pathParams: [USER_ID],
    responses: { 200: json("The OTP credential", OtpCredential), ...otpErrors },
  },
  "DELETE /users/:id/otp": {
    operationId: "deleteUserOtp",
    summary: "Remove a user's authenticator app",
    tags: ["OTP"],
    pathParams: [USER_ID],
    responses: { 204: noContent("The secret is gone"), ...otpErrors },
  },
};

const sessions: OperationTable = {
  "GET /users/:id/sessions": {
    operationId: "listUserSessions",
    summary: "List a user's active sessions",
    description: "Newest first.",
    tags: ["Sessions"],
    pathParams: [USER_ID],
    responses: {
      200: json("The sessions", Type.Array(AdminSession)),
      ...errors({ 400: "the user id is not a UUID", 404: "there is no such user" }),
    },
  },
  "DELETE /users/:id/sessions/:session_id": {
    operationId: "deleteUserSession",
    summary: "Revoke one of a user's sessions",
    description: "Its token is refused from then on.",
    tags: ["Sessions"],
    pathParams: [USER_ID, SESSION_ID],
    responses: {
      204: noContent("The session is gone"),
      ...errors({
        400: "the user id is not a UUID or the session id not a version 4 UUID",
        404: "there is no such user, or no such session of theirs",
      }),
    },
  },
  "POST /sessions": {
    operationId: "createSession",
    summary: "Start a session for a user",
    description: "Issues a session token as a sign-in would, without a cookie, and records the `login_success` audit log.",
    tags: ["Sessions"],
    body: body(CreateSessionBody, "The user, and the client to record"),
    responses: {
      200: json("The session token", IssuedSessionToken),
      ...errors({ 400: "the body is not valid", 404: "there is no such user", 415: JSON_BODY_ONLY }),
    },
  },
};

const auditLogs: OperationTable = {
  "GET /audit_logs": {
    operationId: "listAuditLogs",
    summary: "List audit logs",
    description: "Newest first, a page at a time. Entries are kept only with `audit_log.storage.enabled`.",
    tags: ["Audit logs"],
    query: AuditLogQuery,
    responses: {
      200: json("A page of audit logs", Type.Array(AuditLog), PAGINATION_HEADERS),
      ...errors({ 400: "a page number is not an integer or a time not RFC 3339" }),
    },
  },
};

const webhookErrors = (what: string) => errors({ 400: `the id is not a version 4 UUID${what}`, 404: "there is no such webhook" });

const webhooks: OperationTable = {
  "GET /webhooks": {
    operationId: "listWebhooks",
    summary: "List webhooks",
    description: "The webhooks managed through this API and those of the configuration.",
    tags: ["Webhooks"],
    responses: { 200: json("The webhooks", WebhookList) },
  },
  "POST /webhooks": {
    operationId: "createWebhook",
    summary: "Create a webhook",
    description:
      "Enabled, and expiring in 30 days. The callback must pass `webhooks.security` by its host name and a literal address; each delivery checks the addresses the host resolves to as well.",
    tags: ["Webhooks"],
    body: body(CreateWebhookBody, "Where to send which events"),
    responses: {
      201: json("The webhook created", Webhook),
      ...errors({ 400: "the body is not valid, or `webhooks.security` refuses the callback (the message says why)" }),
    },
  },
  "GET /webhooks/:id": {
    operationId: "getWebhook",
    summary: "Get a webhook",
    tags: ["Webhooks"],
    pathParams: [WEBHOOK_ID],
    responses: { 200: json("The webhook", Webhook), ...webhookErrors("") },
  },
  "PUT /webhooks/:id": {
    operationId: "updateWebhook",
    summary: "Replace a webhook",
    description: "Resets its failures and its expiry to 30 days from now. The callback is checked as on creation.",
    tags: ["Webhooks"],
    pathParams: [WEBHOOK_ID],
    body: body(UpdateWebhookBody, "The webhook's new settings"),
    responses: {
      200: json("The webhook as changed", Webhook),
      ...webhookErrors(", the body is not valid, or `webhooks.security` refuses the callback"),
    },
  },
  "DELETE /webhooks/:id": {
    operationId: "deleteWebhook",
    summary: "Delete a webhook",
    tags: ["Webhooks"],
    pathParams: [WEBHOOK_ID],
    responses: { 204: noContent("The webhook is gone"), ...webhookErrors("") },
  },
  "GET /webhooks/:id/deliveries": {
    operationId: "listWebhookDeliveries",
    summary: "List a webhook's deliveries",
    description: "Not in Hanko. The newest 100 events queued for the webhook: delivered, failed, or pending with the next attempt.",
    tags: ["Webhooks"],
    pathParams: [WEBHOOK_ID],
    responses: { 200: json("The deliveries, newest first", Type.Array(WebhookDelivery)), ...webhookErrors("") },
  },
  "POST /webhooks/:id/deliveries/:delivery_id/resend": {
    operationId: "resendWebhookDelivery",
    summary: "Send a delivery again",
    description: "Not in Hanko. Makes the delivery due at once, whatever became of it; its id stays the same.",
    tags: ["Webhooks"],
    pathParams: [WEBHOOK_ID, uuidParam("delivery_id", "The delivery's id")],
    responses: {
      202: json("The delivery, due again", WebhookDelivery),
      ...errors({ 400: "an id is not a UUID", 404: "there is no such webhook or delivery" }),
    },
  },
};

const metrics: OperationTable = {
  "GET /metrics": {
    operationId: "metrics",
    summary: "Prometheus metrics",
    description: "Served with `hanko serve all` only.",
    tags: ["Status"],
    responses: { 200: { description: "The metrics in Prometheus' text format", schema: Type.String(), mediaType: "text/plain" } },
  },
};

const API_KEY = "apiKey";

/** The admin API's operations; with `server.admin.api_keys` set, every one but the health checks needs a key. */
export function adminApi(config: Config): ApiDescription {
  const operations: OperationTable = {
    ...sharedOperations,
    ...metrics,
    ...users,
    ...metadata,
    ...emails,
    ...credentials,
    ...passwords,
    ...otp,
    ...sessions,
    ...auditLogs,
    ...webhooks,
  };
  const guarded = config.server.admin.api_keys.length > 0;
  return {
    info: {
      title: "Hanko admin API",
      version: buildVersion(),
      description: 'User management for the operator\'s back end. Errors are `{"code": <status>, "message": <text>}`.',
    },
    operations: Object.fromEntries(
      Object.entries(operations).map(([key, op]) => [
        key,
        OPEN_PATHS.has(key.slice(key.indexOf(" ") + 1)) ? op : guarded ? withApiKey(op) : loopbackOnly(op),
      ]),
    ),
    ...(guarded && {
      securitySchemes: {
        [API_KEY]: { type: "http", scheme: "bearer", description: "One of `server.admin.api_keys`, as `Authorization: Bearer <key>`" },
      },
    }),
  };
}

/** Without keys, the guard answers only loopback Host names (so no web page reaches it by DNS rebinding). */
function loopbackOnly(op: Operation): Operation {
  return {
    ...op,
    responses: { ...op.responses, ...errors({ 403: "the Host is not localhost, 127.0.0.0/8 or [::1], and no API keys are set" }) },
  };
}

function withApiKey(op: Operation): Operation {
  return { ...op, security: [{ [API_KEY]: [] }], responses: { ...op.responses, ...errors({ 401: "the API key is missing or wrong" }) } };
}

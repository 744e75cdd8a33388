import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { otpSecretStore } from "../../../src/store/otp-secrets.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDatabases } from "../../support/databases.ts";
import { startAdminStack } from "./admin-stack.ts";
import type { AdminStack } from "./admin-stack.ts";

describe.each(await testDatabases())("the admin OTP API on $family", (database) => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database);
  });
  afterAll(() => stack.close());

  const send = (method: string, path: string) => fetch(`${stack.api.url}${path}`, { method });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  const userWithSecret = async () => {
    const { id } = await userStore(stack.db.kysely).create({});
    await otpSecretStore(stack.db.kysely, { now: () => new Date("2025-01-02T03:04:05.678Z") }).set(id, "JBSWY3DPEHPK3PXP");
    return id;
  };

  test("shows the TOTP secret's id and creation time but never the secret", async () => {
    const userId = await userWithSecret();
    const response = await send("GET", `/users/${userId}/otp`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toEndWith("}\n");
    expect(text).not.toContain("JBSWY3DPEHPK3PXP");
    expect(JSON.parse(text)).toEqual({ id: expect.any(String), created_at: "2025-01-02T03:04:05.678Z" });
  });

  test("deletes the TOTP secret with 204", async () => {
    const userId = await userWithSecret();
    const response = await send("DELETE", `/users/${userId}/otp`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(await otpSecretStore(stack.db.kysely).existsFor(userId)).toBe(false);
    expect(stack.events.filter((e) => e.userId === userId)).toEqual([]);
  });

  test("answers 404 when the user is missing or has no TOTP secret", async () => {
    const { id } = await userStore(stack.db.kysely).create({});
    for (const userId of [id, "7b0e7c1e-3a53-4c1f-9d2b-5c1a6e8f9a01"]) {
      expect(await answer(await send("GET", `/users/${userId}/otp`))).toEqual(refused(404, "Not Found"));
      expect(await answer(await send("DELETE", `/users/${userId}/otp`))).toEqual(refused(404, "Not Found"));
    }
  });

  test("refuses an invalid user id with loadDto's wrapped validation message", async () => {
    for (const method of ["GET", "DELETE"]) {
      expect(await answer(await send(method, "/users/not-a-uuid/otp"))).toEqual(
        refused(400, "code=400, message=UserID must be a valid uuid"),
      );
    }
  });
});

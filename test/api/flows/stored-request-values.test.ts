import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { userStore } from "../../../src/store/users.ts";
import { webauthnCredentialStore } from "../../../src/store/webauthn-credentials.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";

/**
 * A browser's User-Agent of `length` characters, with two-byte "é" and four-byte emoji: its 255th
 * character is an emoji, which a cut by UTF-16 units would split.
 */
function longUserAgent(length: number): { text: string; fitted: string } {
  const head = "Mozilla/5.0 (X11; Linux; é) ";
  const text = head + "x".repeat(254 - [...head].length) + "😀" + "é😀".repeat(length);
  const characters = [...text].slice(0, length);
  return { text: characters.join(""), fitted: characters.slice(0, 255).join("") };
}

/** Headers carry bytes: the UTF-8 bytes of `text`, one character each, as a browser sends them. */
const onTheWire = (text: string) => Buffer.from(text, "utf8").toString("latin1");

/** Hanko's generated request id. */
const FRESH_ID = /^[A-Za-z0-9]{32}$/;

describe.each(await testDatabases())("request values stored in 255-character columns on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await startFlowStack(database, {
      audit_log: { storage: { enabled: true } },
      server: { ip: { extractor: "x_forwarded_for", trusted_proxies: ["127.0.0.1/32", "::1/128"] } },
    });
  });
  afterAll(() => stack.close());

  const newUser = (address: string) => userStore(stack.db.kysely).create({ email: { address, verified: true } });
  const code = async (address: string) => passcodeFrom(await stack.mail.waitForMail(address));
  const auditRowsOf = (response: Response) =>
    stack.db.kysely
      .selectFrom("audit_logs")
      .selectAll()
      .where("meta_http_request_id", "=", response.headers.get("x-request-id") ?? "")
      .execute();
  const passcodeIds = async () => (await stack.db.kysely.selectFrom("passcodes").select("id").execute()).map((row) => row.id);
  const tryCount = async (passcodeId: string) =>
    (await stack.db.kysely.selectFrom("passcodes").select("try_count").where("id", "=", passcodeId).executeTakeFirstOrThrow()).try_count;
  const sessionOf = (userId: string) => stack.db.kysely.selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();

  /** A login flow for `address` at its passcode confirmation, and the id of the passcode it mailed. */
  async function atPasscode(address: string, headers: Record<string, string>): Promise<{ flow: FlowClient; passcodeId: string }> {
    const before = new Set(await passcodeIds());
    const flow = new FlowClient(stack.api.url, "login", headers);
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    expect((await flow.run("continue_with_login_identifier", { email: address })).name).toBe("passcode_confirmation");
    const created = (await passcodeIds()).filter((id) => !before.has(id));
    expect(created).toHaveLength(1);
    return { flow, passcodeId: created[0]! };
  }

  /** A wrong code, refused as Hanko refuses it (not a 500), with its login_failure stored. */
  async function wrongCode(flow: FlowClient, refusal: "passcode_invalid" | "passcode_max_attempts_reached") {
    const body = await flow.run("verify_passcode", { code: "000000" });
    expect(flow.response.status).toBeLessThan(500);
    // An invalid code is the input's error; the last try locks the passcode, an error of the flow.
    if (refusal === "passcode_invalid") expect(body.actions.verify_passcode?.inputs.code.error?.code).toBe(refusal);
    else expect(body.error?.code).toBe(refusal);
    const rows = await auditRowsOf(flow.response);
    expect(rows.map((row) => row.type)).toEqual(["login_failure"]);
    return rows[0]!;
  }

  for (const length of [300, 1000]) {
    test(`with a ${length}-character User-Agent, wrong passcodes are counted and refused, and the right one signs in`, async () => {
      const agent = longUserAgent(length);
      const headers = { "User-Agent": onTheWire(agent.text) };
      const address = `long.agent.${length}@example.com`;
      const user = await newUser(address);

      const { flow, passcodeId } = await atPasscode(address, headers);
      await code(address);
      const first = await wrongCode(flow, "passcode_invalid");
      expect(first.meta_user_agent).toBe(agent.fitted);
      expect(await tryCount(passcodeId)).toBe(1);
      await wrongCode(flow, "passcode_invalid");
      expect(await tryCount(passcodeId)).toBe(2);
      await wrongCode(flow, "passcode_max_attempts_reached");

      const { flow: fresh } = await atPasscode(address, headers);
      expect((await fresh.run("verify_passcode", { code: await code(address) })).name).toBe("success");
      expect((await auditRowsOf(fresh.response)).map((row) => [row.type, row.meta_user_agent])).toEqual([["login_success", agent.fitted]]);
      expect((await sessionOf(user.id)).map((session) => session.user_agent)).toEqual([agent.fitted]);
    });
  }

  test("a 300-character X-Request-Id is replaced by a fresh id, which the response and the audit entry carry", async () => {
    const sent = "r".repeat(300);
    const address = "long.request.id@example.com";
    const user = await newUser(address);
    const { flow, passcodeId } = await atPasscode(address, { "X-Request-Id": sent });
    await code(address);
    const row = await wrongCode(flow, "passcode_invalid");
    const answered = flow.response.headers.get("x-request-id")!;
    expect(answered).toMatch(FRESH_ID);
    expect(row.meta_http_request_id).toBe(answered);
    expect(await tryCount(passcodeId)).toBe(1);
  });

  test("an X-Request-Id that would break a header or a log line is replaced; a plain one is kept and stored", async () => {
    for (const sent of ["two words", 'quote"d\ttab', onTheWire("idé")]) {
      const response = await fetch(`${stack.api.url}/login`, { method: "POST", headers: { "X-Request-Id": sent } });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-request-id")).toMatch(FRESH_ID);
    }
    const address = "plain.request.id@example.com";
    await newUser(address);
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const { flow, passcodeId } = await atPasscode(address, { "X-Request-Id": traceparent });
    await code(address);
    expect((await wrongCode(flow, "passcode_invalid")).meta_http_request_id).toBe(traceparent);
    expect(flow.response.headers.get("x-request-id")).toBe(traceparent);
  });

  test("a 500-character junk X-Forwarded-For and a long Referer change nothing: the proxy's address is recorded", async () => {
    const headers = { "X-Forwarded-For": "junk,".repeat(100), Referer: `https://example.com/${"p".repeat(2000)}` };
    expect(headers["X-Forwarded-For"]).toHaveLength(500);
    const address = "junk.forwarded@example.com";
    const user = await newUser(address);
    const { flow, passcodeId } = await atPasscode(address, headers);
    await code(address);
    expect((await wrongCode(flow, "passcode_invalid")).meta_source_ip).toBe("127.0.0.1");
    expect(await tryCount(passcodeId)).toBe(1);
    const { flow: fresh } = await atPasscode(address, headers);
    expect((await fresh.run("verify_passcode", { code: await code(address) })).name).toBe("success");
    expect((await sessionOf(user.id)).map((session) => session.ip_address)).toEqual(["127.0.0.1"]);
  });

  test("a forwarded client address behind the trusted proxy is the one stored", async () => {
    const address = "forwarded.client@example.com";
    const user = await newUser(address);
    const headers = { "X-Forwarded-For": "203.0.113.7, 127.0.0.1" };
    const { flow: fresh } = await atPasscode(address, headers);
    expect((await fresh.run("verify_passcode", { code: await code(address) })).name).toBe("success");
    expect((await auditRowsOf(fresh.response)).map((row) => row.meta_source_ip)).toEqual(["203.0.113.7"]);
    expect((await sessionOf(user.id)).map((session) => session.ip_address)).toEqual(["203.0.113.7"]);
  });

  /** A signed-in user's profile flow, at profile_init. */
  async function profileOf(userId: string): Promise<FlowClient> {
    const issued = await stack.deps.runtime.sessions.issue(userId);
    const profile = new FlowClient(stack.api.url, "profile", { Authorization: `Bearer ${issued.token}` });
    await profile.start();
    await profile.capabilities();
    return profile;
  }

  /** Adds a passkey in the profile, its id `credentialIdLength` bytes long. */
  async function addPasskey(profile: FlowClient, credentialIdLength = 32) {
    const verification = await profile.run("webauthn_credential_create");
    return profile.run("webauthn_verify_attestation_response", {
      public_key: new SoftwareAuthenticator().create(verification.payload!.creation_options, ORIGIN, { credentialIdLength }),
    });
  }

  test("a passkey name longer than its 255-character column is refused as too long, and the passkey keeps its name", async () => {
    const user = await newUser("long.passkey.name@example.com");
    const profile = await profileOf(user.id);
    const id = (await addPasskey(profile)).payload!.user.passkeys[0].id as string;
    await profile.run("webauthn_credential_rename", { passkey_id: id, passkey_name: "é😀".repeat(128) });
    expect(profile.response.status).toBe(400);
    expect(profile.body.actions.webauthn_credential_rename?.inputs.passkey_name.error?.code).toBe("value_too_long_error");
    expect((await webauthnCredentialStore(stack.db.kysely).ofUser(user.id))[0]?.name).toBeNull();
    const longest = "é😀".repeat(127) + "é";
    expect((await profile.run("webauthn_credential_rename", { passkey_id: id, passkey_name: longest })).name).toBe("profile_init");
    expect((await webauthnCredentialStore(stack.db.kysely).ofUser(user.id))[0]?.name).toBe(longest);
  });

  test("a passkey whose id is wider than its 255-character column is refused as invalid; one that fits is stored", async () => {
    const user = await newUser("long.credential.id@example.com");
    const profile = await profileOf(user.id);
    // 192 bytes are 256 base64url characters, 191 bytes 255.
    expect((await addPasskey(profile, 192)).status).toBe(401);
    expect(profile.body.error?.code).toBe("passkey_invalid");
    expect(await webauthnCredentialStore(stack.db.kysely).ofUser(user.id)).toEqual([]);
    expect((await addPasskey(profile, 191)).name).toBe("profile_init");
    expect((await webauthnCredentialStore(stack.db.kysely).ofUser(user.id)).map((credential) => credential.id.length)).toEqual([255]);
  });
});

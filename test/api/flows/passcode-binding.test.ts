// A passcode proves one address (and, at sign-in and in the profile, one user) and nothing else.
// Each path that mails a passcode is attacked the same three ways: the attacker receives a code at an
// address of their own, then makes the flow ask about the victim's address (after a refused send,
// after `back`, after a resend), and offers their own code as proof.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowBody, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { sessionCount } from "../../support/row-count.ts";

const PASSWORD = "attacker's password";

/** One way of reaching `passcode_confirmation` for an address of the flow's choosing. */
interface PasscodePath {
  name: string;
  settings: Record<string, unknown>;
  /** Creates the account the path needs behind `address` (a sign-in needs one, a sign-up none). */
  owner(stack: FlowStack, address: string): Promise<void>;
  /** A flow of the attacker's, standing where an address is chosen. */
  start(stack: FlowStack): Promise<FlowClient>;
  /** Chooses `address`; the answer is `passcode_confirmation`. */
  choose(stack: FlowStack, flow: FlowClient, address: string): Promise<FlowBody>;
  /** The state where `choose` starts, which `back` leads to from `passcode_confirmation`. */
  choiceState: string;
  /** What the attacker would have gained over `address`: must stay false. */
  damage(stack: FlowStack, address: string): Promise<boolean>;
}

let attackerCount = 0;
const unique = (label: string) => `${label}.${crypto.randomUUID().slice(0, 8)}@example.com`;

async function sessionsOf(stack: FlowStack, address: string): Promise<number> {
  const user = await userViews(stack.db.kysely).byEmail(address);
  return user ? sessionCount(stack.db.kysely, user.id) : 0;
}

async function hasVerifiedEmail(stack: FlowStack, address: string): Promise<boolean> {
  const row = await stack.db.kysely.selectFrom("emails").where("address", "=", address).select("verified").executeTakeFirst();
  return row !== undefined && Boolean(row.verified);
}

async function loginFlow(stack: FlowStack): Promise<FlowClient> {
  const flow = new FlowClient(stack.api.url, "login");
  await flow.start();
  await flow.run("register_client_capabilities", { webauthn_available: false });
  return flow;
}

/** A profile flow of a signed-in attacker who owns `attacker.N@example.com`. */
async function profileOf(stack: FlowStack, userId: string): Promise<FlowClient> {
  const issued = await stack.deps.runtime.sessions.issue(userId);
  const profile = new FlowClient(stack.api.url, "profile", { Authorization: `Bearer ${issued.token}` });
  await profile.start();
  await profile.capabilities();
  return profile;
}

/** The profile's attacker: one per stack, so every flow of theirs shares the same account. */
const profileAttackers = new WeakMap<FlowStack, string>();
async function profileAttacker(stack: FlowStack): Promise<string> {
  let id = profileAttackers.get(stack);
  if (!id) {
    id = (await userStore(stack.db.kysely).create({ email: { address: unique("profile.attacker"), verified: true } })).id;
    profileAttackers.set(stack, id);
  }
  return id;
}

const paths: PasscodePath[] = [
  {
    name: "sign-in by passcode",
    settings: {},
    owner: async (stack, address) => void (await userStore(stack.db.kysely).create({ email: { address, verified: true } })),
    start: loginFlow,
    choose: (_stack, flow, address) => flow.run("continue_with_login_identifier", { email: address }),
    choiceState: "login_init",
    damage: async (stack, address) => (await sessionsOf(stack, address)) > 0,
  },
  {
    name: "password recovery",
    settings: { password: { enabled: true, recovery: true }, email: { use_for_authentication: false } },
    async owner(stack, address) {
      const user = await userStore(stack.db.kysely).create({ email: { address, verified: true } });
      await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("the victim's password"));
    },
    start: loginFlow,
    async choose(_stack, flow, address) {
      expect((await flow.run("continue_with_login_identifier", { email: address })).name).toBe("login_password");
      return flow.run("continue_to_passcode_confirmation_recovery");
    },
    choiceState: "login_init",
    async damage(stack, address) {
      const user = await userViews(stack.db.kysely).byEmail(address);
      const hash = user && (await passwordStore(stack.db.kysely).hashOf(user.id));
      return (await sessionsOf(stack, address)) > 0 || !hash || !(await Bun.password.verify("the victim's password", hash));
    },
  },
  {
    name: "sign-up",
    settings: {},
    owner: async () => {},
    async start(stack) {
      const flow = new FlowClient(stack.api.url, "registration");
      await flow.start();
      await flow.run("register_client_capabilities", { webauthn_available: false });
      return flow;
    },
    choose: (_stack, flow, address) => flow.run("register_login_identifier", { email: address }),
    choiceState: "registration_init",
    damage: hasVerifiedEmail,
  },
  {
    name: "the address asked for at sign-in (onboarding)",
    settings: {
      password: { enabled: true },
      username: { enabled: true, use_as_login_identifier: true },
      email: { use_as_login_identifier: false, acquire_on_login: true },
    },
    owner: async () => {},
    async start(stack) {
      const username = `attacker_${++attackerCount}_${crypto.randomUUID().slice(0, 6)}`;
      const user = await userStore(stack.db.kysely).create({ username });
      await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash(PASSWORD));
      const flow = await loginFlow(stack);
      await flow.run("continue_with_login_identifier", { username });
      expect((await flow.run("password_login", { password: PASSWORD })).name).toBe("onboarding_email");
      return flow;
    },
    choose: (_stack, flow, address) => flow.run("email_address_set", { email: address }),
    choiceState: "onboarding_email",
    damage: hasVerifiedEmail,
  },
  {
    name: "an address added in the profile",
    settings: { email: { limit: 10 } },
    owner: async () => {},
    start: async (stack) => profileOf(stack, await profileAttacker(stack)),
    choose: (_stack, flow, address) => flow.run("email_create", { email: address }),
    choiceState: "profile_init",
    damage: hasVerifiedEmail,
  },
  {
    name: "an unverified address verified in the profile",
    settings: { email: { limit: 100, require_verification: false } },
    owner: async () => {},
    async start(stack) {
      // An unverified address of the attacker's, so that the profile offers email_verify from the start.
      const attacker = await profileAttacker(stack);
      await userStore(stack.db.kysely).insertEmail(attacker, unique("pending"), false);
      return profileOf(stack, attacker);
    },
    async choose(stack, flow, address) {
      // Without required verification an address is added unverified at once; its owner may verify it later.
      const emails = () => stack.db.kysely.selectFrom("emails").where("address", "=", address).select("id").executeTakeFirst();
      if (!(await emails())) await userStore(stack.db.kysely).insertEmail(await profileAttacker(stack), address, false);
      // The profile reloads its user before every action, so an address added meanwhile can be chosen.
      return flow.run("email_verify", { email_id: (await emails())!.id });
    },
    choiceState: "profile_init",
    damage: hasVerifiedEmail,
  },
];

describe.each(await testDatabases())("a passcode proves one address on $family", (database) => {
  describe.each(paths)("$name", (path) => {
    let stack: FlowStack;
    beforeAll(async () => {
      // Hanko's passcode bucket is the one attacked; the per-address limits (one client sends every
      // request here) are tested in ip-limits.test.ts.
      const outOfReach = { tokens: 10_000, interval: "1m" };
      stack = await startFlowStack(database, {
        ...path.settings,
        rate_limiter: {
          enabled: true,
          passcode_limits: { tokens: 3, interval: "1m" },
          flow_creation_limits: outOfReach,
          email_limits: outOfReach,
          password_ip_limits: outOfReach,
        },
      });
    });
    afterAll(() => stack.close());

    /** The attacker's own address chosen and its code read, then back to where an address is chosen. */
    async function ownCodeThenBack(): Promise<{ flow: FlowClient; code: string }> {
      const own = unique("attacker");
      await path.owner(stack, own);
      const flow = await path.start(stack);
      expect((await path.choose(stack, flow, own)).name).toBe("passcode_confirmation");
      const code = passcodeFrom(await stack.mail.waitForMail(own));
      while (flow.body.name !== path.choiceState) await flow.run("back");
      return { flow, code };
    }

    /** Three other flows from the same client ask for passcodes to `address`, using up its bucket. */
    async function exhaust(address: string): Promise<void> {
      for (let i = 0; i < 3; i++) {
        const other = await path.start(stack);
        expect((await path.choose(stack, other, address)).error).toBeUndefined();
        await stack.mail.waitForMail(address);
      }
    }

    function expectRefusedCode(body: FlowBody): void {
      expect(body.name).toBe("passcode_confirmation");
      expect(body.error?.code).toBe("form_data_invalid_error");
      expect(body.actions.verify_passcode!.inputs.code.error?.code).toBe("passcode_invalid");
    }

    test("after a refused send, the code mailed to another address proves nothing", async () => {
      const victim = unique("victim");
      await path.owner(stack, victim);
      const { flow, code } = await ownCodeThenBack();
      await exhaust(victim);
      const refused = await path.choose(stack, flow, victim);
      expect(refused).toMatchObject({ name: "passcode_confirmation", error: { code: "rate_limit_exceeded" } });
      expectRefusedCode(await flow.run("verify_passcode", { code }));
      expect(await path.damage(stack, victim)).toBe(false);
    });

    test("after going back to another address, only the code mailed there works", async () => {
      const victim = unique("victim");
      await path.owner(stack, victim);
      const { flow, code } = await ownCodeThenBack();
      expect((await path.choose(stack, flow, victim)).error).toBeUndefined();
      const victimsCode = passcodeFrom(await stack.mail.waitForMail(victim));
      expectRefusedCode(await flow.run("verify_passcode", { code }));
      expect(await path.damage(stack, victim)).toBe(false);
      // The owner of the address, reading its mail, still gets through.
      expect((await flow.run("verify_passcode", { code: victimsCode })).name).not.toBe("passcode_confirmation");
    });

    test("after a resend, refused or not, an earlier code for another address proves nothing", async () => {
      const victim = unique("victim");
      await path.owner(stack, victim);
      const { flow, code } = await ownCodeThenBack();
      await exhaust(victim);
      await path.choose(stack, flow, victim);
      expect((await flow.run("resend_passcode")).error?.code).toBe("rate_limit_exceeded");
      expectRefusedCode(await flow.run("verify_passcode", { code }));
      expect(await path.damage(stack, victim)).toBe(false);
    });

    test("after a resend to the same address, the new code works and the old one no longer does", async () => {
      const flow = await path.start(stack);
      const own = unique("owner");
      await path.owner(stack, own);
      await path.choose(stack, flow, own);
      const first = passcodeFrom(await stack.mail.waitForMail(own));
      expect((await flow.run("resend_passcode")).error).toBeUndefined();
      const second = passcodeFrom(await stack.mail.waitForMail(own));
      expectRefusedCode(await flow.run("verify_passcode", { code: first }));
      expect((await flow.run("verify_passcode", { code: second })).name).not.toBe("passcode_confirmation");
    });
  });
});

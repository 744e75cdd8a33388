import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Secret, TOTP } from "otpauth";
import { bn } from "../../../src/services/mail/texts/bn.ts";
import { de } from "../../../src/services/mail/texts/de.ts";
import { en } from "../../../src/services/mail/texts/en.ts";
import { fr } from "../../../src/services/mail/texts/fr.ts";
import { it as italian } from "../../../src/services/mail/texts/it.ts";
import { nl } from "../../../src/services/mail/texts/nl.ts";
import { ptBR } from "../../../src/services/mail/texts/pt-BR.ts";
import { zhCN } from "../../../src/services/mail/texts/zh-CN.ts";
import { SECURITY_NOTIFICATION_TEMPLATES } from "../../../src/services/mail/mailer.ts";
import { otpSecretStore } from "../../../src/store/otp-secrets.ts";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { webauthnCredentialStore } from "../../../src/store/webauthn-credentials.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { type CaughtMail, passcodeFrom } from "../../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";

const serviceName = "Acme";
const settings = {
  service: { name: serviceName },
  password: { enabled: true, optional: true },
  username: { enabled: true },
  email: { limit: 5, optional: true },
};
const allOff = Object.fromEntries(SECURITY_NOTIFICATION_TEMPLATES.map((kind) => [kind, { enabled: false }]));

/** A user with a verified address, signed in; a profile client standing at profile_init that sends `language` as X-Language. */
async function signedIn(stack: FlowStack, address: string, language?: string): Promise<{ userId: string; profile: FlowClient }> {
  const user = await userStore(stack.db.kysely).create({ email: { address, verified: true } });
  const issued = await stack.deps.runtime.sessions.issue(user.id);
  const headers: Record<string, string> = { Authorization: `Bearer ${issued.token}`, ...(language && { "X-Language": language }) };
  const profile = new FlowClient(stack.api.url, "profile", headers);
  await profile.start();
  await profile.capabilities();
  return { userId: user.id, profile };
}

/** The mails to `address` so far. A step's mails have gone out by the time it answers, so this is complete after each step. */
const mailsTo = (stack: FlowStack, address: string): CaughtMail[] => stack.mail.mails.filter((mail) => mail.to.includes(address));

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (await condition()) return;
    await Bun.sleep(10);
  }
  throw new Error(`waited in vain for ${what}`);
}

const emailIdOf = (profile: FlowClient, address: string): string =>
  (profile.body.payload!.user.emails as { id: string; address: string }[]).find((e) => e.address === address)!.id;

describe.each(await testDatabases())("security notifications on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await startFlowStack(database, settings);
  });
  afterAll(() => stack.close());

  test("a changed password is announced to the primary address in the request's language once the change has committed; a first password is not", async () => {
    const { userId, profile } = await signedIn(stack, "changer@example.com", "de-DE,de;q=0.9");
    await profile.run("password_create", { password: "a first password" });
    expect(mailsTo(stack, "changer@example.com")).toEqual([]);
    const first = await passwordStore(stack.db.kysely).hashOf(userId);

    const release = stack.mail.hold("changer@example.com");
    const answered = profile.run("password_update", { password: "a second password" });
    // While the notification waits at the mail server, the new password is already there for everyone to read.
    await until(async () => (await passwordStore(stack.db.kysely).hashOf(userId)) !== first, "the new password committed");
    release();
    expect((await answered).name).toBe("profile_init");

    const mail = await stack.mail.waitForMail("changer@example.com");
    expect(mail.subject).toBe(de.password_update.subject({ serviceName }));
    expect(mail.text).toContain("Das Passwort Ihres Kontos bei Acme wurde soeben geändert.");
    expect(mail.html).toContain('<html lang="de">');
    expect(mailsTo(stack, "changer@example.com")).toHaveLength(1);
  });

  test("an address added with a passcode is announced to the primary address, not to the new one", async () => {
    const { profile } = await signedIn(stack, "first.fr@example.com", "fr");
    await profile.run("email_create", { email: "second.fr@example.com" });
    const passcode = await stack.mail.waitForMail("second.fr@example.com");
    expect(mailsTo(stack, "first.fr@example.com")).toEqual([]);
    expect((await profile.run("verify_passcode", { code: passcodeFrom(passcode) })).name).toBe("profile_init");

    const mail = await stack.mail.waitForMail("first.fr@example.com");
    expect(mail.subject).toBe(fr.email_create.subject({ serviceName, newAddress: "second.fr@example.com" }));
    expect(mail.text).toContain("L'adresse e-mail second.fr@example.com a été ajoutée à votre compte Acme.");
    expect(mailsTo(stack, "second.fr@example.com")).toEqual([passcode]);
  });

  test("a new primary address is announced to the old one, naming both; choosing the primary one again announces nothing", async () => {
    const { userId, profile } = await signedIn(stack, "old.it@example.com", "it-IT");
    await userStore(stack.db.kysely).insertEmail(userId, "new.it@example.com", true);
    await profile.run("patch_metadata", { patch_metadata: {} });
    await profile.run("email_set_primary", { email_id: emailIdOf(profile, "new.it@example.com") });

    const mail = await stack.mail.waitForMail("old.it@example.com");
    expect(mail.subject).toBe(
      italian.primary_email_update.subject({ serviceName, oldAddress: "old.it@example.com", newAddress: "new.it@example.com" }),
    );
    expect(mail.text).toContain("cambiato da old.it@example.com a new.it@example.com.");
    expect(mailsTo(stack, "new.it@example.com")).toEqual([]);

    await profile.run("email_set_primary", { email_id: emailIdOf(profile, "new.it@example.com") });
    expect(mailsTo(stack, "old.it@example.com")).toHaveLength(1);
    expect(mailsTo(stack, "new.it@example.com")).toEqual([]);
  });

  test("a deleted address is announced to the primary one; a deleted primary address is told itself", async () => {
    const { userId, profile } = await signedIn(stack, "primary.nl@example.com", "nl");
    await userStore(stack.db.kysely).insertEmail(userId, "other.nl@example.com", true);
    await profile.run("patch_metadata", { patch_metadata: {} });
    await profile.run("email_delete", { email_id: emailIdOf(profile, "other.nl@example.com") });
    const mail = await stack.mail.waitForMail("primary.nl@example.com");
    expect(mail.subject).toBe(nl.email_delete.subject({ serviceName, deletedAddress: "other.nl@example.com" }));
    expect(mail.text).toContain("Het e-mailadres other.nl@example.com is verwijderd uit je account bij Acme.");
    expect(mailsTo(stack, "other.nl@example.com")).toEqual([]);

    // The last address may go once a password and a username still sign the user in.
    await profile.run("username_create", { username: "leaves_no_address" });
    await profile.run("password_create", { password: "a fine password" });
    await profile.run("email_delete", { email_id: emailIdOf(profile, "primary.nl@example.com") });
    expect((await userViews(stack.db.kysely).byId(userId))?.emails).toEqual([]);
    const told = await stack.mail.waitForMail("primary.nl@example.com");
    expect(told.text).toContain("Het e-mailadres primary.nl@example.com is verwijderd");
  });

  test("a new passkey is announced to the primary address", async () => {
    const { profile } = await signedIn(stack, "passkey.pt@example.com", "pt-BR");
    const verification = await profile.run("webauthn_credential_create");
    const authenticator = new SoftwareAuthenticator();
    const back = await profile.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(verification.payload!.creation_options, ORIGIN),
    });
    expect(back.payload!.user.passkeys).toHaveLength(1);
    const mail = await stack.mail.waitForMail("passkey.pt@example.com");
    expect(mail.subject).toBe(ptBR.passkey_create.subject({ serviceName }));
    expect(mail.text).toContain("Uma nova chave de acesso (passkey) foi adicionada à sua conta Acme.");
    expect(mailsTo(stack, "passkey.pt@example.com")).toHaveLength(1);
  });

  test("a security key is announced as a new second factor, and its removal as a removed one", async () => {
    const { profile } = await signedIn(stack, "key.zh@example.com", "zh-CN,zh;q=0.9");
    const verification = await profile.run("security_key_create");
    const key = new SoftwareAuthenticator({ userVerified: false, backupEligible: false, backupState: false });
    const back = await profile.run("webauthn_verify_attestation_response", {
      public_key: key.create(verification.payload!.creation_options, ORIGIN),
    });
    const created = await stack.mail.waitForMail("key.zh@example.com");
    expect(created.subject).toBe(zhCN.mfa_create.subject({ serviceName }));
    expect(created.text).toContain("您的 Acme 账户已添加一种新的多重身份验证方式");

    await profile.run("security_key_delete", { security_key_id: back.payload!.user.security_keys[0].id });
    const deleted = await stack.mail.waitForMail("key.zh@example.com");
    expect(deleted.subject).toBe(zhCN.mfa_delete.subject({ serviceName }));
    expect(mailsTo(stack, "key.zh@example.com")).toHaveLength(2);
  });

  test("an authenticator app is announced as a new second factor once a code verifies, and its removal as a removed one", async () => {
    const { userId, profile } = await signedIn(stack, "totp.bn@example.com", "bn");
    const setup = await profile.run("continue_to_otp_secret_creation");
    expect((await profile.run("otp_code_verify", { otp_code: "000000" })).status).toBe(400);
    expect(mailsTo(stack, "totp.bn@example.com")).toEqual([]);
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(setup.payload!.otp_secret) });
    await profile.run("otp_code_verify", { otp_code: totp.generate() });
    const created = await stack.mail.waitForMail("totp.bn@example.com");
    expect(created.subject).toBe(bn.mfa_create.subject({ serviceName }));
    expect(created.text).toContain("আপনার Acme অ্যাকাউন্টে মাল্টি-ফ্যাক্টর অথেনটিকেশনের একটি নতুন পদ্ধতি");

    await profile.run("otp_secret_delete");
    expect(await otpSecretStore(stack.db.kysely).existsFor(userId)).toBe(false);
    expect((await stack.mail.waitForMail("totp.bn@example.com")).subject).toBe(bn.mfa_delete.subject({ serviceName }));
  });

  test("a step that fails, or rolls back after the change, announces nothing", async () => {
    const { userId, profile } = await signedIn(stack, "rollback@example.com");
    await profile.run("password_create", { password: "the password" });
    const before = await passwordStore(stack.db.kysely).hashOf(userId);
    expect((await profile.run("password_update", { password: "short" })).status).toBe(400);
    expect((await profile.run("email_create", { email: "rollback@example.com" })).status).toBe(400);

    const other = await signedIn(stack, "rollback.two@example.com");
    await userStore(stack.db.kysely).insertEmail(other.userId, "kept@example.com", true);
    await other.profile.run("patch_metadata", { patch_metadata: {} });
    // The audit entry written after the change fails, so the step's transaction rolls back with the change.
    const unsubscribe = stack.deps.runtime.events.subscribe(
      (event) => {
        if (event.userId === userId || event.userId === other.userId) throw new Error("the audit log is unavailable");
      },
      { required: true },
    );
    try {
      expect((await profile.run("password_update", { password: "the next password" })).status).toBe(500);
      expect((await other.profile.run("email_delete", { email_id: emailIdOf(other.profile, "kept@example.com") })).status).toBe(500);
    } finally {
      unsubscribe();
    }
    expect(await passwordStore(stack.db.kysely).hashOf(userId)).toBe(before);
    expect((await userViews(stack.db.kysely).byId(other.userId))?.emails.map((e) => e.address).sort()).toEqual([
      "kept@example.com",
      "rollback.two@example.com",
    ]);
    expect(mailsTo(stack, "rollback@example.com")).toEqual([]);
    expect(mailsTo(stack, "rollback.two@example.com")).toEqual([]);

    // A later change of another kind is announced, and its mail is the first either address gets.
    const setup = await profile.run("continue_to_otp_secret_creation");
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(setup.payload!.otp_secret) });
    await profile.run("otp_code_verify", { otp_code: totp.generate() });
    await other.profile.run("email_set_primary", { email_id: emailIdOf(other.profile, "kept@example.com") });
    expect((await stack.mail.waitForMail("rollback@example.com")).subject).toBe(en.mfa_create.subject({ serviceName }));
    expect((await stack.mail.waitForMail("rollback.two@example.com")).subject).toBe(
      en.primary_email_update.subject({ serviceName, oldAddress: "rollback.two@example.com", newAddress: "kept@example.com" }),
    );
  });

  test("a notification the mail server refuses leaves the change in place, answers 200 and is logged without the password", async () => {
    const { userId, profile } = await signedIn(stack, "refused@example.com");
    await profile.run("password_create", { password: "the refused one" });
    const before = await passwordStore(stack.db.kysely).hashOf(userId);
    stack.mail.refuse("refused@example.com");
    try {
      const answer = await profile.run("password_update", { password: "a password nobody hears of" });
      expect(answer).toMatchObject({ name: "profile_init", status: 200 });
      expect(answer.error).toBeUndefined();
      const after = await passwordStore(stack.db.kysely).hashOf(userId);
      expect(after).not.toBe(before);
      expect(await Bun.password.verify("a password nobody hears of", after!)).toBe(true);
      expect(mailsTo(stack, "refused@example.com")).toEqual([]);

      const logged = stack.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({
          level: "error",
          message: "a security notification could not be sent",
          template: "password_update",
          user_id: userId,
        }),
      );
      expect(stack.logLines.join("\n")).not.toContain("a password nobody hears of");
      // The flow goes on from the committed state.
      expect((await profile.run("username_create", { username: "still_here" })).status).toBe(200);
    } finally {
      stack.mail.accept("refused@example.com");
    }
  });
});

describe.each(await testDatabases())("security notifications without email verification on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await startFlowStack(database, { ...settings, email: { ...settings.email, require_verification: false } });
  });
  afterAll(() => stack.close());

  test("an address added at once is announced to the primary address at once", async () => {
    const { userId, profile } = await signedIn(stack, "direct@example.com", "de");
    expect((await profile.run("email_create", { email: "added.at.once@example.com" })).name).toBe("profile_init");
    expect((await userViews(stack.db.kysely).byId(userId))?.emails).toHaveLength(2);
    const mail = await stack.mail.waitForMail("direct@example.com");
    expect(mail.subject).toBe(de.email_create.subject({ serviceName, newAddress: "added.at.once@example.com" }));
    expect(mail.text).toContain("Die E-Mail-Adresse added.at.once@example.com wurde Ihrem Konto bei Acme hinzugefügt.");
    expect(mailsTo(stack, "added.at.once@example.com")).toEqual([]);
  });
});

describe.each(await testDatabases())("security notifications switched off on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await startFlowStack(database, { ...settings, security_notifications: { notifications: allOff } });
  });
  afterAll(() => stack.close());

  test("no kind is sent when its switch is off; passcodes still are", async () => {
    const { userId, profile } = await signedIn(stack, "quiet@example.com", "fr");
    await profile.run("password_create", { password: "a first password" });
    await profile.run("password_update", { password: "a second password" });

    await profile.run("email_create", { email: "quiet.two@example.com" });
    const passcode = await stack.mail.waitForMail("quiet.two@example.com");
    await profile.run("verify_passcode", { code: passcodeFrom(passcode) });
    await profile.run("email_set_primary", { email_id: emailIdOf(profile, "quiet.two@example.com") });
    await profile.run("email_delete", { email_id: emailIdOf(profile, "quiet@example.com") });

    const verification = await profile.run("webauthn_credential_create");
    await profile.run("webauthn_verify_attestation_response", {
      public_key: new SoftwareAuthenticator().create(verification.payload!.creation_options, ORIGIN),
    });
    const keyOptions = await profile.run("security_key_create");
    const back = await profile.run("webauthn_verify_attestation_response", {
      public_key: new SoftwareAuthenticator({ userVerified: false }).create(keyOptions.payload!.creation_options, ORIGIN),
    });
    await profile.run("security_key_delete", { security_key_id: back.payload!.user.security_keys[0].id });
    const setup = await profile.run("continue_to_otp_secret_creation");
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(setup.payload!.otp_secret) });
    await profile.run("otp_code_verify", { otp_code: totp.generate() });
    await profile.run("otp_secret_delete");

    expect(await webauthnCredentialStore(stack.db.kysely).ofUser(userId)).toHaveLength(1);
    expect((await userViews(stack.db.kysely).byId(userId))?.emails.map((e) => e.address)).toEqual(["quiet.two@example.com"]);
    expect(mailsTo(stack, "quiet@example.com")).toEqual([]);
    expect(mailsTo(stack, "quiet.two@example.com")).toEqual([passcode]);
  });
});

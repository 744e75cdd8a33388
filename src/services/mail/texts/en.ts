import type { Catalogue } from "./types.ts";

const minutes = (n: number) => (n === 1 ? "1 minute" : `${n} minutes`);
const validity = (n: number) => `The code is valid for ${minutes(n)}.`;
const notYou = "If you did not ask for this, you can safely ignore this message.";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "If you made this change yourself, there is nothing else to do.",
  `If you did not, someone else may have access to your account. Sign in to ${serviceName} right away, check your email addresses and sign-in methods, and change your password if you use one.`,
];

export const en: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `Your ${serviceName} sign-in code: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `A sign-in to ${serviceName} was requested with this email address. Enter the following code to continue:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `Confirm your email address for ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Please confirm that this email address belongs to you by entering the following code at ${serviceName}:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `Reset your ${serviceName} password with code ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Someone asked to reset the password of the ${serviceName} account that belongs to this email address. Enter the following code to choose a new password:`,
      { code },
      validity(ttlMinutes),
      "If you did not ask for this, ignore this message: your password stays as it is.",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `Sign-in attempt at ${serviceName}`,
    body: ({ serviceName }) => [
      `Someone tried to sign in to ${serviceName} with this email address, but no account uses it.`,
      "If this was you, you may have registered with another address, or you can create a new account.",
      "If this was not you, there is nothing you need to do.",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `Registration attempt at ${serviceName}`,
    body: ({ serviceName }) => [
      `Someone tried to create a new ${serviceName} account with this email address. An account with this address already exists.`,
      "If this was you, simply sign in to your existing account instead.",
      "If this was not you, you can ignore this message; your account has not been changed.",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `Your ${serviceName} password was changed`,
    body: ({ serviceName }) => [`The password of your ${serviceName} account has just been changed.`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `Your ${serviceName} primary email address was changed`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `The primary email address of your ${serviceName} account was changed from ${oldAddress} to ${newAddress}.`,
      `Messages about your account will go to ${newAddress} from now on.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `Email address added to your ${serviceName} account`,
    body: ({ serviceName, newAddress }) => [
      `The email address ${newAddress} was added to your ${serviceName} account.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_delete: {
    subject: ({ serviceName }) => `Email address removed from your ${serviceName} account`,
    body: ({ serviceName, deletedAddress }) => [
      `The email address ${deletedAddress} was removed from your ${serviceName} account.`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `New passkey for your ${serviceName} account`,
    body: ({ serviceName }) => [
      `A new passkey was added to your ${serviceName} account. It can be used to sign in from now on.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_create: {
    subject: ({ serviceName }) => `Multi-factor authentication method added to your ${serviceName} account`,
    body: ({ serviceName }) => [
      `A new method for multi-factor authentication (an authenticator app or a security key) was added to your ${serviceName} account.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `Multi-factor authentication method removed from your ${serviceName} account`,
    body: ({ serviceName }) => [
      `A method for multi-factor authentication (an authenticator app or a security key) was removed from your ${serviceName} account.`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `This message was sent automatically by ${serviceName}. Please do not reply to it.`,
};

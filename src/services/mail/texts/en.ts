import type { Catalogue } from "./types.ts";

const minutes = (n: number) => (n === 1 ? "1 minute" : `${n} minutes`);
const validity = (n: number) => `The code is valid for ${minutes(n)}.`;
const notYou = "If you did not ask for this, you can safely ignore this message.";

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
  footer: ({ serviceName }) => `This message was sent automatically by ${serviceName}. Please do not reply to it.`,
};

import type { Catalogue } from "./types.ts";

const validity = (n: number) => `验证码在 ${n} 分钟内有效。`;
const notYou = "如果这不是您本人的操作，请忽略此邮件。";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "如果这是您本人所做的更改，则无需进行任何操作。",
  `如果不是，可能有其他人能够访问您的账户。请立即登录 ${serviceName}，检查您的电子邮件地址和登录方式；如果您设置了密码，请更改密码。`,
];

export const zhCN: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `您的 ${serviceName} 登录验证码：${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `有人使用此电子邮件地址请求登录 ${serviceName}。请输入以下验证码以继续：`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `确认您在 ${serviceName} 的电子邮件地址：${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `请在 ${serviceName} 输入以下验证码，以确认此电子邮件地址属于您：`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `使用验证码 ${code} 重置您的 ${serviceName} 密码`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `有人请求重置与此电子邮件地址关联的 ${serviceName} 账户的密码。请输入以下验证码以设置新密码：`,
      { code },
      validity(ttlMinutes),
      "如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `${serviceName} 登录尝试`,
    body: ({ serviceName }) => [
      `有人尝试使用此电子邮件地址登录 ${serviceName}，但没有任何账户使用该地址。`,
      "如果是您本人，您可能使用了其他地址注册，也可以创建一个新账户。",
      "如果不是您本人，您无需进行任何操作。",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `${serviceName} 注册尝试`,
    body: ({ serviceName }) => [
      `有人尝试使用此电子邮件地址在 ${serviceName} 创建新账户，但该地址已有账户。`,
      "如果是您本人，请直接登录您现有的账户。",
      "如果不是您本人，您可以忽略此邮件，您的账户没有任何变更。",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `您的 ${serviceName} 账户密码已更改`,
    body: ({ serviceName }) => [`您的 ${serviceName} 账户密码刚刚被更改。`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `您的 ${serviceName} 账户主电子邮件地址已更改`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `您的 ${serviceName} 账户主电子邮件地址已从 ${oldAddress} 更改为 ${newAddress}。`,
      `今后，有关您账户的邮件将发送至 ${newAddress}。`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `您的 ${serviceName} 账户已添加新的电子邮件地址`,
    body: ({ serviceName, newAddress }) => [`电子邮件地址 ${newAddress} 已添加到您的 ${serviceName} 账户。`, ...ifNotYours(serviceName)],
  },
  email_delete: {
    subject: ({ serviceName }) => `您的 ${serviceName} 账户已移除一个电子邮件地址`,
    body: ({ serviceName, deletedAddress }) => [
      `电子邮件地址 ${deletedAddress} 已从您的 ${serviceName} 账户中移除。`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `您的 ${serviceName} 账户已添加新的通行密钥`,
    body: ({ serviceName }) => [`您的 ${serviceName} 账户已添加一个新的通行密钥，今后可使用它登录。`, ...ifNotYours(serviceName)],
  },
  mfa_create: {
    subject: ({ serviceName }) => `您的 ${serviceName} 账户已添加新的多重身份验证方式`,
    body: ({ serviceName }) => [
      `您的 ${serviceName} 账户已添加一种新的多重身份验证方式（身份验证器应用或安全密钥）。`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `您的 ${serviceName} 账户已移除一种多重身份验证方式`,
    body: ({ serviceName }) => [
      `您的 ${serviceName} 账户已移除一种多重身份验证方式（身份验证器应用或安全密钥）。`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `此邮件由 ${serviceName} 自动发送，请勿回复。`,
};

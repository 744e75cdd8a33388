import type { Catalogue } from "./types.ts";

const minutes = (n: number) => (n === 1 ? "1 minuto" : `${n} minutos`);
const validity = (n: number) => `O código é válido por ${minutes(n)}.`;
const notYou = "Se você não fez essa solicitação, pode ignorar esta mensagem com segurança.";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "Se foi você que fez essa alteração, não é preciso fazer mais nada.",
  `Caso contrário, outra pessoa pode ter acesso à sua conta. Entre em ${serviceName} imediatamente, verifique seus endereços de e-mail e métodos de login e altere sua senha, se você usar uma.`,
];

export const ptBR: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `Seu código de acesso para ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Recebemos um pedido de acesso a ${serviceName} com este endereço de e-mail. Digite o código abaixo para continuar:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `Confirme seu endereço de e-mail para ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Confirme que este endereço de e-mail pertence a você digitando o código abaixo em ${serviceName}:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `Redefina sua senha de ${serviceName} com o código ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Foi solicitada a redefinição da senha da conta ${serviceName} vinculada a este endereço de e-mail. Digite o código abaixo para escolher uma nova senha:`,
      { code },
      validity(ttlMinutes),
      "Se você não fez essa solicitação, ignore esta mensagem: sua senha continua a mesma.",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `Tentativa de login em ${serviceName}`,
    body: ({ serviceName }) => [
      `Alguém tentou entrar em ${serviceName} com este endereço de e-mail, mas nenhuma conta usa esse endereço.`,
      "Se foi você, talvez tenha se cadastrado com outro endereço, ou você pode criar uma nova conta.",
      "Se não foi você, não é preciso fazer nada.",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `Tentativa de cadastro em ${serviceName}`,
    body: ({ serviceName }) => [
      `Alguém tentou criar uma nova conta em ${serviceName} com este endereço de e-mail. Já existe uma conta com esse endereço.`,
      "Se foi você, basta entrar na sua conta existente.",
      "Se não foi você, pode ignorar esta mensagem; nada foi alterado na sua conta.",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `A senha da sua conta ${serviceName} foi alterada`,
    body: ({ serviceName }) => [`A senha da sua conta ${serviceName} acabou de ser alterada.`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `O endereço de e-mail principal da sua conta ${serviceName} foi alterado`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `O endereço de e-mail principal da sua conta ${serviceName} foi alterado de ${oldAddress} para ${newAddress}.`,
      `A partir de agora, as mensagens sobre sua conta serão enviadas para ${newAddress}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `Um endereço de e-mail foi adicionado à sua conta ${serviceName}`,
    body: ({ serviceName, newAddress }) => [
      `O endereço de e-mail ${newAddress} foi adicionado à sua conta ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_delete: {
    subject: ({ serviceName }) => `Um endereço de e-mail foi removido da sua conta ${serviceName}`,
    body: ({ serviceName, deletedAddress }) => [
      `O endereço de e-mail ${deletedAddress} foi removido da sua conta ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `Uma nova chave de acesso foi adicionada à sua conta ${serviceName}`,
    body: ({ serviceName }) => [
      `Uma nova chave de acesso (passkey) foi adicionada à sua conta ${serviceName}. A partir de agora, ela pode ser usada para entrar.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_create: {
    subject: ({ serviceName }) => `Um novo método de autenticação multifator foi adicionado à sua conta ${serviceName}`,
    body: ({ serviceName }) => [
      `Um novo método de autenticação multifator (um aplicativo autenticador ou uma chave de segurança) foi adicionado à sua conta ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `Um método de autenticação multifator foi removido da sua conta ${serviceName}`,
    body: ({ serviceName }) => [
      `Um método de autenticação multifator (um aplicativo autenticador ou uma chave de segurança) foi removido da sua conta ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `Esta mensagem foi enviada automaticamente por ${serviceName}. Por favor, não responda.`,
};

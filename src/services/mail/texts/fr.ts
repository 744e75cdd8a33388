import type { Catalogue } from "./types.ts";

// French puts the singular below two: "0 minute", "1 minute".
const minutes = (n: number) => (n < 2 ? `${n} minute` : `${n} minutes`);
const validity = (n: number) => `Ce code est valable pendant ${minutes(n)}.`;
const notYou = "Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer ce message.";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "Si vous avez effectué cette modification vous-même, vous n'avez rien d'autre à faire.",
  `Sinon, quelqu'un d'autre a peut-être accès à votre compte. Connectez-vous sans attendre à ${serviceName}, vérifiez vos adresses e-mail et vos méthodes de connexion, et changez votre mot de passe si vous en utilisez un.`,
];

export const fr: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `Votre code de connexion à ${serviceName} : ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Une connexion à ${serviceName} a été demandée avec cette adresse e-mail. Saisissez le code suivant pour continuer :`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `Confirmez votre adresse e-mail pour ${serviceName} : ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Veuillez confirmer que cette adresse e-mail vous appartient en saisissant le code suivant sur ${serviceName} :`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `Réinitialisez votre mot de passe ${serviceName} avec le code ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Une réinitialisation du mot de passe a été demandée pour le compte ${serviceName} associé à cette adresse e-mail. Saisissez le code suivant pour choisir un nouveau mot de passe :`,
      { code },
      validity(ttlMinutes),
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `Tentative de connexion à ${serviceName}`,
    body: ({ serviceName }) => [
      `Quelqu'un a essayé de se connecter à ${serviceName} avec cette adresse e-mail, mais aucun compte ne l'utilise.`,
      "Si c'était vous, vous avez peut-être utilisé une autre adresse lors de votre inscription, ou vous pouvez créer un nouveau compte.",
      "Si ce n'était pas vous, vous n'avez rien à faire.",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `Tentative d'inscription à ${serviceName}`,
    body: ({ serviceName }) => [
      `Quelqu'un a essayé de créer un nouveau compte ${serviceName} avec cette adresse e-mail. Un compte existe déjà pour cette adresse.`,
      "Si c'était vous, connectez-vous simplement à votre compte existant.",
      "Si ce n'était pas vous, vous pouvez ignorer ce message ; votre compte n'a pas été modifié.",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `Le mot de passe de votre compte ${serviceName} a été modifié`,
    body: ({ serviceName }) => [`Le mot de passe de votre compte ${serviceName} vient d'être modifié.`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `L'adresse e-mail principale de votre compte ${serviceName} a été modifiée`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `L'adresse e-mail principale de votre compte ${serviceName} est passée de ${oldAddress} à ${newAddress}.`,
      `Les messages concernant votre compte seront désormais envoyés à ${newAddress}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `Une adresse e-mail a été ajoutée à votre compte ${serviceName}`,
    body: ({ serviceName, newAddress }) => [
      `L'adresse e-mail ${newAddress} a été ajoutée à votre compte ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_delete: {
    subject: ({ serviceName }) => `Une adresse e-mail a été supprimée de votre compte ${serviceName}`,
    body: ({ serviceName, deletedAddress }) => [
      `L'adresse e-mail ${deletedAddress} a été supprimée de votre compte ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `Une nouvelle clé d'accès a été ajoutée à votre compte ${serviceName}`,
    body: ({ serviceName }) => [
      `Une nouvelle clé d'accès (passkey) a été ajoutée à votre compte ${serviceName}. Elle permet désormais de se connecter.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_create: {
    subject: ({ serviceName }) => `Nouvelle méthode d'authentification multifacteur pour votre compte ${serviceName}`,
    body: ({ serviceName }) => [
      `Une nouvelle méthode d'authentification multifacteur (une application d'authentification ou une clé de sécurité) a été ajoutée à votre compte ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `Une méthode d'authentification multifacteur a été supprimée de votre compte ${serviceName}`,
    body: ({ serviceName }) => [
      `Une méthode d'authentification multifacteur (une application d'authentification ou une clé de sécurité) a été supprimée de votre compte ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `Ce message a été envoyé automatiquement par ${serviceName}. Merci de ne pas y répondre.`,
};

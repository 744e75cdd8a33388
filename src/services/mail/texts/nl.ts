import type { Catalogue } from "./types.ts";

const minutes = (n: number) => (n === 1 ? "1 minuut" : `${n} minuten`);
const validity = (n: number) => `De code is ${minutes(n)} geldig.`;
const notYou = "Heb je dit niet aangevraagd? Dan kun je dit bericht gewoon negeren.";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "Heb je deze wijziging zelf gedaan? Dan hoef je verder niets te doen.",
  `Zo niet, dan heeft mogelijk iemand anders toegang tot je account. Log meteen in bij ${serviceName}, controleer je e-mailadressen en inlogmethoden en wijzig je wachtwoord als je er een gebruikt.`,
];

export const nl: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `Je inlogcode voor ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Er is met dit e-mailadres gevraagd om in te loggen bij ${serviceName}. Voer de volgende code in om verder te gaan:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `Bevestig je e-mailadres voor ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Bevestig dat dit e-mailadres van jou is door de volgende code in te voeren bij ${serviceName}:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `Stel je wachtwoord voor ${serviceName} opnieuw in met code ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Er is gevraagd om het wachtwoord opnieuw in te stellen van het account bij ${serviceName} dat bij dit e-mailadres hoort. Voer de volgende code in om een nieuw wachtwoord te kiezen:`,
      { code },
      validity(ttlMinutes),
      "Heb je dit niet aangevraagd? Negeer dan dit bericht: je wachtwoord blijft ongewijzigd.",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `Inlogpoging bij ${serviceName}`,
    body: ({ serviceName }) => [
      `Iemand heeft geprobeerd met dit e-mailadres in te loggen bij ${serviceName}, maar er is geen account met dit adres.`,
      "Was jij dat? Misschien heb je je met een ander adres geregistreerd, of je kunt een nieuw account aanmaken.",
      "Was jij dat niet? Dan hoef je niets te doen.",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `Registratiepoging bij ${serviceName}`,
    body: ({ serviceName }) => [
      `Iemand heeft geprobeerd met dit e-mailadres een nieuw account aan te maken bij ${serviceName}. Er bestaat al een account met dit adres.`,
      "Was jij dat? Log dan gewoon in met je bestaande account.",
      "Was jij dat niet? Dan kun je dit bericht negeren; er is niets aan je account veranderd.",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `Het wachtwoord van je account bij ${serviceName} is gewijzigd`,
    body: ({ serviceName }) => [`Het wachtwoord van je account bij ${serviceName} is zojuist gewijzigd.`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `Het primaire e-mailadres van je account bij ${serviceName} is gewijzigd`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `Het primaire e-mailadres van je account bij ${serviceName} is gewijzigd van ${oldAddress} in ${newAddress}.`,
      `Berichten over je account gaan vanaf nu naar ${newAddress}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `E-mailadres toegevoegd aan je account bij ${serviceName}`,
    body: ({ serviceName, newAddress }) => [
      `Het e-mailadres ${newAddress} is toegevoegd aan je account bij ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_delete: {
    subject: ({ serviceName }) => `E-mailadres verwijderd uit je account bij ${serviceName}`,
    body: ({ serviceName, deletedAddress }) => [
      `Het e-mailadres ${deletedAddress} is verwijderd uit je account bij ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `Nieuwe passkey voor je account bij ${serviceName}`,
    body: ({ serviceName }) => [
      `Er is een nieuwe passkey toegevoegd aan je account bij ${serviceName}. Daarmee kan vanaf nu worden ingelogd.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_create: {
    subject: ({ serviceName }) => `Nieuwe methode voor multifactorauthenticatie toegevoegd aan je account bij ${serviceName}`,
    body: ({ serviceName }) => [
      `Er is een nieuwe methode voor multifactorauthenticatie (een authenticator-app of een beveiligingssleutel) toegevoegd aan je account bij ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `Methode voor multifactorauthenticatie verwijderd uit je account bij ${serviceName}`,
    body: ({ serviceName }) => [
      `Er is een methode voor multifactorauthenticatie (een authenticator-app of een beveiligingssleutel) verwijderd uit je account bij ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `Dit bericht is automatisch verstuurd door ${serviceName}. Beantwoord het alsjeblieft niet.`,
};

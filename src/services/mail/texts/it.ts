import type { Catalogue } from "./types.ts";

const minutes = (n: number) => (n === 1 ? "1 minuto" : `${n} minuti`);
const validity = (n: number) => `Il codice è valido per ${minutes(n)}.`;
const notYou = "Se non hai richiesto tu questa operazione, puoi ignorare questo messaggio.";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "Se hai effettuato tu questa modifica, non devi fare altro.",
  `Altrimenti qualcun altro potrebbe avere accesso al tuo account. Accedi subito a ${serviceName}, controlla i tuoi indirizzi email e i tuoi metodi di accesso e cambia la password, se ne usi una.`,
];

export const it: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `Il tuo codice di accesso a ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `È stato richiesto un accesso a ${serviceName} con questo indirizzo email. Inserisci il seguente codice per continuare:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `Conferma il tuo indirizzo email per ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Conferma che questo indirizzo email ti appartiene inserendo il seguente codice su ${serviceName}:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `Reimposta la tua password di ${serviceName} con il codice ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `È stata richiesta la reimpostazione della password dell'account ${serviceName} associato a questo indirizzo email. Inserisci il seguente codice per scegliere una nuova password:`,
      { code },
      validity(ttlMinutes),
      "Se non l'hai richiesta tu, ignora questo messaggio: la tua password resta invariata.",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `Tentativo di accesso a ${serviceName}`,
    body: ({ serviceName }) => [
      `Qualcuno ha provato ad accedere a ${serviceName} con questo indirizzo email, ma nessun account lo utilizza.`,
      "Se eri tu, forse hai usato un altro indirizzo per registrarti, oppure puoi creare un nuovo account.",
      "Se non eri tu, non devi fare nulla.",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `Tentativo di registrazione a ${serviceName}`,
    body: ({ serviceName }) => [
      `Qualcuno ha provato a creare un nuovo account ${serviceName} con questo indirizzo email. Esiste già un account con questo indirizzo.`,
      "Se eri tu, accedi semplicemente al tuo account esistente.",
      "Se non eri tu, puoi ignorare questo messaggio; il tuo account non è stato modificato.",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `La password del tuo account ${serviceName} è stata modificata`,
    body: ({ serviceName }) => [`La password del tuo account ${serviceName} è stata appena modificata.`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `L'indirizzo email principale del tuo account ${serviceName} è stato modificato`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `L'indirizzo email principale del tuo account ${serviceName} è stato cambiato da ${oldAddress} a ${newAddress}.`,
      `D'ora in poi i messaggi relativi al tuo account verranno inviati a ${newAddress}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `Nuovo indirizzo email aggiunto al tuo account ${serviceName}`,
    body: ({ serviceName, newAddress }) => [
      `L'indirizzo email ${newAddress} è stato aggiunto al tuo account ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_delete: {
    subject: ({ serviceName }) => `Indirizzo email rimosso dal tuo account ${serviceName}`,
    body: ({ serviceName, deletedAddress }) => [
      `L'indirizzo email ${deletedAddress} è stato rimosso dal tuo account ${serviceName}.`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `Nuova passkey aggiunta al tuo account ${serviceName}`,
    body: ({ serviceName }) => [
      `Al tuo account ${serviceName} è stata aggiunta una nuova passkey. D'ora in poi può essere usata per accedere.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_create: {
    subject: ({ serviceName }) => `Nuovo metodo di autenticazione a più fattori per il tuo account ${serviceName}`,
    body: ({ serviceName }) => [
      `Al tuo account ${serviceName} è stato aggiunto un nuovo metodo di autenticazione a più fattori (un'app di autenticazione o una chiave di sicurezza).`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `Metodo di autenticazione a più fattori rimosso dal tuo account ${serviceName}`,
    body: ({ serviceName }) => [
      `Dal tuo account ${serviceName} è stato rimosso un metodo di autenticazione a più fattori (un'app di autenticazione o una chiave di sicurezza).`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `Questo messaggio è stato inviato automaticamente da ${serviceName}. Ti preghiamo di non rispondere.`,
};

import type { Catalogue } from "./types.ts";

const minutes = (n: number) => (n === 1 ? "1 Minute" : `${n} Minuten`);
const validity = (n: number) => `Der Code ist ${minutes(n)} lang gültig.`;
const notYou = "Falls Sie das nicht angefordert haben, können Sie diese Nachricht einfach ignorieren.";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "Wenn Sie diese Änderung selbst vorgenommen haben, müssen Sie nichts weiter tun.",
  `Falls nicht, hat möglicherweise jemand anderes Zugriff auf Ihr Konto. Melden Sie sich umgehend bei ${serviceName} an, prüfen Sie Ihre E-Mail-Adressen und Anmeldemethoden und ändern Sie Ihr Passwort, falls Sie eines verwenden.`,
];

export const de: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `Ihr Anmeldecode für ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Für ${serviceName} wurde eine Anmeldung mit dieser E-Mail-Adresse angefordert. Geben Sie den folgenden Code ein, um fortzufahren:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `Bestätigen Sie Ihre E-Mail-Adresse für ${serviceName}: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört, indem Sie den folgenden Code bei ${serviceName} eingeben:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `Passwort für ${serviceName} zurücksetzen: Code ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `Für Ihr Konto bei ${serviceName} mit dieser E-Mail-Adresse wurde das Zurücksetzen des Passworts angefordert. Geben Sie den folgenden Code ein, um ein neues Passwort festzulegen:`,
      { code },
      validity(ttlMinutes),
      "Falls Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `Anmeldeversuch bei ${serviceName}`,
    body: ({ serviceName }) => [
      `Jemand hat versucht, sich mit dieser E-Mail-Adresse bei ${serviceName} anzumelden. Zu dieser Adresse gibt es jedoch kein Konto.`,
      "Falls Sie das waren: Vielleicht haben Sie sich mit einer anderen Adresse registriert, oder Sie legen ein neues Konto an.",
      "Falls nicht, müssen Sie nichts weiter tun.",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `Registrierungsversuch bei ${serviceName}`,
    body: ({ serviceName }) => [
      `Jemand hat versucht, mit dieser E-Mail-Adresse ein neues Konto bei ${serviceName} anzulegen. Zu dieser Adresse gibt es bereits ein Konto.`,
      "Falls Sie das waren, melden Sie sich einfach mit Ihrem bestehenden Konto an.",
      "Falls nicht, können Sie diese Nachricht ignorieren; an Ihrem Konto wurde nichts geändert.",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `Ihr Passwort für ${serviceName} wurde geändert`,
    body: ({ serviceName }) => [`Das Passwort Ihres Kontos bei ${serviceName} wurde soeben geändert.`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `Ihre primäre E-Mail-Adresse für ${serviceName} wurde geändert`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `Die primäre E-Mail-Adresse Ihres Kontos bei ${serviceName} wurde von ${oldAddress} auf ${newAddress} geändert.`,
      `Nachrichten zu Ihrem Konto gehen ab sofort an ${newAddress}.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `Neue E-Mail-Adresse in Ihrem Konto bei ${serviceName}`,
    body: ({ serviceName, newAddress }) => [
      `Die E-Mail-Adresse ${newAddress} wurde Ihrem Konto bei ${serviceName} hinzugefügt.`,
      ...ifNotYours(serviceName),
    ],
  },
  email_delete: {
    subject: ({ serviceName }) => `E-Mail-Adresse aus Ihrem Konto bei ${serviceName} entfernt`,
    body: ({ serviceName, deletedAddress }) => [
      `Die E-Mail-Adresse ${deletedAddress} wurde aus Ihrem Konto bei ${serviceName} entfernt.`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `Neuer Passkey für Ihr Konto bei ${serviceName}`,
    body: ({ serviceName }) => [
      `Ihrem Konto bei ${serviceName} wurde ein neuer Passkey hinzugefügt. Mit ihm kann man sich ab sofort anmelden.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_create: {
    subject: ({ serviceName }) => `Neue Methode zur Multi-Faktor-Authentifizierung für Ihr Konto bei ${serviceName}`,
    body: ({ serviceName }) => [
      `Ihrem Konto bei ${serviceName} wurde eine neue Methode zur Multi-Faktor-Authentifizierung (eine Authenticator-App oder ein Sicherheitsschlüssel) hinzugefügt.`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `Methode zur Multi-Faktor-Authentifizierung aus Ihrem Konto bei ${serviceName} entfernt`,
    body: ({ serviceName }) => [
      `Aus Ihrem Konto bei ${serviceName} wurde eine Methode zur Multi-Faktor-Authentifizierung (eine Authenticator-App oder ein Sicherheitsschlüssel) entfernt.`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `Diese Nachricht wurde automatisch von ${serviceName} versendet. Bitte antworten Sie nicht darauf.`,
};

import type { Catalogue } from "./types.ts";

const minutes = (n: number) => (n === 1 ? "1 Minute" : `${n} Minuten`);
const validity = (n: number) => `Der Code ist ${minutes(n)} lang gültig.`;
const notYou = "Falls Sie das nicht angefordert haben, können Sie diese Nachricht einfach ignorieren.";

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
  footer: ({ serviceName }) => `Diese Nachricht wurde automatisch von ${serviceName} versendet. Bitte antworten Sie nicht darauf.`,
};

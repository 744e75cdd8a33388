import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

/** Hanko's TOTP: SHA-1, 6 digits, 30-second steps, a 20-byte secret, one step of clock drift either way. */
function totpOf(secret: string, issuer = "", account = ""): TOTP {
  return new TOTP({ issuer, label: account, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A new secret (base32, no padding) and the otpauth:// URI an authenticator app scans. */
export function newTotpSecret(issuer: string, account: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpOf(secret, issuer, account).toString() };
}

/** The URI as a 200×200 PNG QR code, as a data: URL the profile shows. */
export function qrCodeDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { width: 200, margin: 1 });
}

export function verifyTotp(secret: string, code: string, now: Date): boolean {
  return /^\d{6}$/.test(code) && totpOf(secret).validate({ token: code, timestamp: now.getTime(), window: 1 }) !== null;
}

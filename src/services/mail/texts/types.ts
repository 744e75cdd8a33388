/** What each mail template gets to fill in. A new template adds an entry here. */
export interface TemplateValues {
  login: PasscodeValues;
  email_verification: PasscodeValues;
  recovery: PasscodeValues;
  email_login_attempted: NoticeValues;
  email_registration_attempted: NoticeValues;
  password_update: NoticeValues;
  primary_email_update: PrimaryEmailUpdateValues;
  email_create: EmailCreateValues;
  email_delete: EmailDeleteValues;
  passkey_create: NoticeValues;
  mfa_create: NoticeValues;
  mfa_delete: NoticeValues;
}

export type TemplateName = keyof TemplateValues;

export interface NoticeValues {
  serviceName: string;
}

export interface PasscodeValues extends NoticeValues {
  code: string;
  /** Validity of the code in whole minutes. */
  ttlMinutes: number;
}

export interface EmailCreateValues extends NoticeValues {
  newAddress: string;
}

export interface EmailDeleteValues extends NoticeValues {
  deletedAddress: string;
}

export interface PrimaryEmailUpdateValues extends NoticeValues {
  oldAddress: string;
  newAddress: string;
}

/**
 * One piece of a mail body: a paragraph of plain text, or a code shown on its own, prominently.
 * Values are interpolated as plain text; the HTML renderer escapes every block.
 */
export type Block = string | { code: string };

export interface MailTexts<V> {
  subject(values: V): string;
  body(values: V): Block[];
}

/** All texts of one language. The compiler makes every language cover every template. */
export type Catalogue = { [T in TemplateName]: MailTexts<TemplateValues[T]> } & {
  /** Closing line under every mail. */
  footer(values: NoticeValues): string;
};

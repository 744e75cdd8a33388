/** An error as the Flow API reports it: a code the elements translate, an English message, an HTTP status. */
export interface FlowError {
  code: string;
  message: string;
  status: number;
  cause?: string;
}

/** An error attached to one input; the response also carries `form_data_invalid_error`. */
export interface InputError {
  code: string;
  message: string;
  cause?: string;
}

const flowError = (code: string, status: number, message: string): FlowError => ({ code, status, message });

/** Hanko's flow error catalogue (the flow errors of Hanko's backend/flowpilot/errors.go). */
export const FlowErrors = {
  technical: flowError("technical_error", 500, "Something went wrong."),
  flowExpired: flowError("flow_expired_error", 410, "The flow has expired."),
  flowDiscontinuity: flowError("flow_discontinuity_error", 500, "The flow can't be continued."),
  operationNotPermitted: flowError("operation_not_permitted_error", 403, "The operation is not permitted."),
  formDataInvalid: flowError("form_data_invalid_error", 400, "Form data invalid."),
  notFound: flowError("not_found", 404, "The requested resource was not found."),
  passcodeMaxAttemptsReached: flowError("passcode_max_attempts_reached", 401, "The passcode was entered wrong too many times."),
  passkeyInvalid: flowError("passkey_invalid", 401, "The passkey is invalid."),
  /** Not Hanko's (it fails such a step with a 500): the account this sign-up was for was created meanwhile. */
  emailTaken: flowError("email_already_exists", 409, "The email address already exists."),
  usernameTaken: flowError("username_already_exists", 409, "The username already exists."),
  rateLimitExceeded: flowError("rate_limit_exceeded", 429, "The rate limit has been exceeded."),
  /**
   * Not Hanko's: its step fails with a 500 and the flow is gone. Here the flow stays where a resend
   * works; the code is Hanko's so the elements show their "technical error" text, and the status says
   * a service the server depends on is down.
   */
  mailNotSent: flowError("technical_error", 503, "The email could not be sent. Please try again later."),
  unauthorized: flowError("unauthorized", 401, "The session is invalid."),
  credentialInvalidMfaOnly: flowError(
    "webauthn_credential_invalid_mfa_only",
    401,
    "This credential can be used as a second factor security key only.",
  ),
} as const;

/**
 * Thrown by a hook that finds the step cannot go on for a reason that is the client's, not the
 * server's (another sign-up took the address meanwhile): the step rolls back like any exception, but
 * the answer is `error`, a 4xx, instead of `technical_error`.
 */
export class StepRefused extends Error {
  constructor(readonly error: FlowError) {
    super(error.message);
  }
}

const inputError = (code: string, message: string): InputError => ({ code, message });

/** Hanko's input error catalogue (the input errors of Hanko's backend/flowpilot/errors.go). */
export const InputErrors = {
  valueMissing: inputError("value_missing_error", "The value is missing."),
  valueInvalid: inputError("value_invalid_error", "The value is invalid."),
  valueTooLong: inputError("value_too_long_error", "The value is too long."),
  valueTooShort: inputError("value_too_short_error", "The value is too short."),
  emailAlreadyExists: inputError("email_already_exists", "The email address already exists."),
  usernameAlreadyExists: inputError("username_already_exists", "The username already exists."),
  unknownUsername: inputError("unknown_username_error", "The username is unknown."),
  unknownEmail: inputError("unknown_email_error", "The email address is unknown."),
  invalidUsername: inputError("invalid_username_error", "The username is invalid."),
  passcodeInvalid: inputError("passcode_invalid", "The passcode is invalid."),
} as const;

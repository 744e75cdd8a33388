import { expect, test } from "bun:test";
import {
  otpRateLimitKey,
  passcodeRateLimitKey,
  passwordRateLimitKey,
  tokenExchangeRateLimitKey,
} from "../../../src/services/rate-limit/keys.ts";

test("rate-limit keys are built as Hanko builds them", () => {
  expect(passcodeRateLimitKey("10.0.0.1", "a@example.com")).toBe("passcode/10.0.0.1/a@example.com");
  expect(passwordRateLimitKey("::1", "alice")).toBe("password/::1/alice");
  expect(otpRateLimitKey("10.0.0.1", "6f1d6a3e-1111-4e4e-9999-000000000001")).toBe("otp/10.0.0.1/6f1d6a3e-1111-4e4e-9999-000000000001");
  expect(tokenExchangeRateLimitKey("10.0.0.1")).toBe("token_exchange/10.0.0.1");
});

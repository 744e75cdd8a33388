// Bucket keys exactly as Hanko's flows build them (the CreateRateLimit…Key functions of Hanko's
// backend/rate_limiter/rate_limiter.go at @teamhanko/hanko-elements@2.7.0).

export const passcodeRateLimitKey = (ip: string, email: string): string => `passcode/${ip}/${email}`;

export const passwordRateLimitKey = (ip: string, identifier: string): string => `password/${ip}/${identifier}`;

export const otpRateLimitKey = (ip: string, userId: string): string => `otp/${ip}/${userId}`;

export const tokenExchangeRateLimitKey = (ip: string): string => `token_exchange/${ip}`;

// Ours: one bucket per client address, whatever the identifier (rate_limiter.*_limits that Hanko lacks).

export const flowCreationRateLimitKey = (ip: string): string => `flow_creation/${ip}`;

export const emailRateLimitKey = (ip: string): string => `email/${ip}`;

export const passwordIpRateLimitKey = (ip: string): string => `password_ip/${ip}`;

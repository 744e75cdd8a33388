// Bucket keys exactly as Hanko's flows build them (platform.md §4).

export const passcodeRateLimitKey = (ip: string, email: string): string => `passcode/${ip}/${email}`;

export const passwordRateLimitKey = (ip: string, identifier: string): string => `password/${ip}/${identifier}`;

export const otpRateLimitKey = (ip: string, userId: string): string => `otp/${ip}/${userId}`;

export const tokenExchangeRateLimitKey = (ip: string): string => `token_exchange/${ip}`;

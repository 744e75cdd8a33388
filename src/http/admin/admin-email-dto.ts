import { goTime } from "../../gocompat/time.ts";
import type { EmailView } from "../../store/user-views.ts";

/** Hanko's admin `Email` (backend/dto/admin/email.go), field order included. */
export function adminEmailDto(email: EmailView) {
  return {
    id: email.id,
    address: email.address,
    is_verified: email.verified,
    is_primary: email.isPrimary,
    created_at: goTime(email.createdAt),
    updated_at: goTime(email.updatedAt),
  };
}

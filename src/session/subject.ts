import type { UserMetadata } from "../store/user-metadata.ts";
import type { UserView } from "../store/user-views.ts";
import type { TemplateUser } from "./custom-claims.ts";

/** What a session token says about its user. */
export interface SessionSubject {
  userId: string;
  primaryEmail: { address: string; isVerified: boolean } | null;
  username: string | null;
  template: TemplateUser;
}

export function sessionSubjectOf(user: UserView, metadata: UserMetadata | undefined): SessionSubject {
  const primary = user.emails.find((e) => e.isPrimary);
  const primaryEmail = primary ? { address: primary.address, isVerified: primary.verified } : null;
  const hasMetadata = metadata !== undefined && (metadata.public !== null || metadata.unsafe !== null);
  return {
    userId: user.id,
    primaryEmail,
    username: user.username?.username ?? null,
    template: {
      userId: user.id,
      email: primaryEmail ? { address: primaryEmail.address, isPrimary: true, isVerified: primaryEmail.isVerified } : null,
      username: user.username?.username ?? "",
      name: user.name ?? "",
      givenName: user.givenName ?? "",
      familyName: user.familyName ?? "",
      picture: user.picture ?? "",
      // Private metadata never reaches a token.
      metadata: hasMetadata ? { public: metadata.public, unsafe: metadata.unsafe } : null,
    },
  };
}

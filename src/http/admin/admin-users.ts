import { decideInTransaction, type Tx } from "../../db/transaction.ts";
import { type UserService, userRulesOf, userService } from "../../users/user-service.ts";
import type { AppDeps } from "../app-deps.ts";

/**
 * The user service as the admin API uses it: each write is one transaction of its own, decided
 * inside it, and rolled back when the decision is a refusal.
 */
export function adminUsers(deps: AppDeps) {
  const serviceDeps = { family: deps.db.family, clock: deps.runtime.clock, rules: userRulesOf(deps.config) };
  return {
    decide<T extends { ok: boolean }>(work: (users: UserService, tx: Tx) => Promise<T>): Promise<T> {
      return decideInTransaction(deps.db, (tx) => work(userService(tx, serviceDeps), tx));
    },
  };
}

import { Elysia } from "elysia";

export interface Pingable {
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}

/** Liveness always; readiness only while the database answers, so a load balancer stops routing to a node that cannot serve. */
export function healthRoutes(db: Pingable) {
  return new Elysia({ name: "health" })
    .get("/health/alive", () => ({ alive: true }))
    .get("/health/ready", async ({ set }) => {
      try {
        await db.ping();
        return { ready: true };
      } catch {
        set.status = 503;
        return { ready: false };
      }
    });
}

import { Elysia } from "elysia";

export interface HealthDeps {
  /** Resolves when the database answers. */
  databaseReady(): Promise<void>;
}

/** Liveness always; readiness only while the database answers, so a load balancer stops routing to a node that cannot serve. */
export function healthRoutes(deps: HealthDeps) {
  return new Elysia({ name: "health" })
    .get("/health/alive", () => ({ alive: true }))
    .get("/health/ready", async ({ set }) => {
      try {
        await deps.databaseReady();
        return { ready: true };
      } catch {
        set.status = 503;
        return { ready: false };
      }
    });
}

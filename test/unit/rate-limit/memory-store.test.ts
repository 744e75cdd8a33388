import { describe } from "bun:test";
import { rateLimiterConfig, rateLimiterContract } from "./contract.ts";

describe("the in-memory rate limiter", () => {
  rateLimiterContract(() => rateLimiterConfig({ store: "in_memory" }));
});

import type { Clock } from "../clock/clock.ts";
import type { Ctx } from "./flow-services.ts";

/** The flow's time as a Clock, for the stores a step writes through. */
export function flowClock(ctx: Ctx): Clock {
  return { now: ctx.services.now };
}

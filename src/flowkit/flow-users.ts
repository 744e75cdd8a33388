import { fail, type Outcome } from "../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../flowpilot/errors.ts";
import { type Refused, type UserService, userRulesOf, userService } from "../users/user-service.ts";
import { flowClock } from "./flow-clock.ts";
import type { Ctx } from "./flow-services.ts";
import type { StateName } from "./state-names.ts";

/** The user service in the step's transaction, with the flow's clock. */
export function flowUsers(ctx: Ctx): UserService {
  const { tx, family, config } = ctx.services;
  return userService(tx, { family, clock: flowClock(ctx), rules: userRulesOf(config) });
}

/** The flows' answer to a username the service refused. */
export function usernameRefused(refusal: Refused<"username_invalid" | "username_taken" | "user_not_found">): Outcome<StateName> {
  switch (refusal.refusal) {
    case "username_invalid":
      return fail(FlowErrors.formDataInvalid, { username: InputErrors.invalidUsername });
    case "username_taken":
      return fail(FlowErrors.formDataInvalid, { username: InputErrors.usernameAlreadyExists });
    case "user_not_found":
      return fail(FlowErrors.operationNotPermitted);
  }
}

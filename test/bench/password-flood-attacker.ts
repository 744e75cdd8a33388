// The flood of `password-flood.ts`, in a worker of its own so its requests do not queue in the event loop
// that times the bystander. Told where, from which addresses and on which identifiers; stops when told.
import { FlowClient } from "../support/flow-stack.ts";

declare const self: Worker;

export interface FloodOrder {
  base: string;
  clients: number;
  addresses: string[];
  /** Unknown identifiers, or these known ones in turn. */
  known: string[] | "unknown";
}

export interface FloodReport {
  checked: number;
  refused: number;
}

let stop = false;
const report: FloodReport = { checked: 0, refused: 0 };

/** One attacker: new flows, five wrong passwords each; a refusal only makes it try again. */
async function attack(order: FloodOrder, address: string, identifier: () => string): Promise<void> {
  while (!stop) {
    const flow = new FlowClient(order.base, "login", { "x-forwarded-for": address });
    if ((await flow.start()).status !== 200) {
      report.refused++;
      continue;
    }
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { email: identifier() });
    for (let i = 0; i < 5 && !stop; i++) {
      if ((await flow.run("password_login", { password: "a guess" })).status === 429) {
        report.refused++;
        break;
      }
      report.checked++;
    }
  }
}

self.onmessage = async (event: MessageEvent<FloodOrder | "stop">) => {
  if (event.data === "stop") {
    stop = true;
    return;
  }
  const order = event.data;
  let turn = 0;
  const identifier = () =>
    order.known === "unknown" ? `nobody.${crypto.randomUUID()}@example.com` : order.known[turn++ % order.known.length]!;
  const attackers = Array.from({ length: order.clients }, (_, i) =>
    attack(order, order.addresses[i % order.addresses.length]!, identifier),
  );
  await Promise.all(attackers);
  postMessage(report);
};

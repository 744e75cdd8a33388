import { RedisClient } from "bun";

/** The Redis server the suites use when it answers (the local one unless TEST_REDIS_ADDRESS says otherwise). */
export const REDIS = process.env.TEST_REDIS_ADDRESS ?? "127.0.0.1:6379";

/** Whether Redis answers a PING at `address` within a second. */
export async function redisReachable(address = REDIS, password = ""): Promise<boolean> {
  const auth = password === "" ? "" : `:${encodeURIComponent(password)}@`;
  const client = new RedisClient(`redis://${auth}${address}`, { connectionTimeout: 1000, autoReconnect: false });
  try {
    return (await client.send("PING", [])) === "PONG";
  } catch {
    return false;
  } finally {
    client.close();
  }
}

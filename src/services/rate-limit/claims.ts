/**
 * One holder per key at a time, in this process. Up to `maxWaiting` more wait their turn, in order
 * (clients behind one address signing in at once are served one after another); beyond that a claim
 * is refused at once, so a flood from one address cannot queue up work.
 */
export interface Claims {
  /** How to let go once the key is this caller's, or undefined when too many already wait. */
  claim(key: string): Promise<(() => void) | undefined>;
}

export const MAX_WAITING_CLAIMS = 8;

export function inProcessClaims(maxWaiting = MAX_WAITING_CLAIMS): Claims {
  /** A key is held while it has an entry; the entry lists who waits for it. */
  const queues = new Map<string, (() => void)[]>();
  const releaser = (key: string) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queues.get(key)?.shift();
      if (next) next();
      else queues.delete(key);
    };
  };
  return {
    async claim(key) {
      const waiting = queues.get(key);
      if (waiting === undefined) {
        queues.set(key, []);
        return releaser(key);
      }
      if (waiting.length >= maxWaiting) return undefined;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return releaser(key);
    },
  };
}

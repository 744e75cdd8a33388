/** One holder per key at a time, in this process: `claim` answers how to let go, or undefined while the key is held. */
export interface Claims {
  claim(key: string): (() => void) | undefined;
}

export function inProcessClaims(): Claims {
  const held = new Set<string>();
  return {
    claim(key) {
      if (held.has(key)) return undefined;
      held.add(key);
      return () => void held.delete(key);
    },
  };
}

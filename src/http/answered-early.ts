/**
 * An answer given before routing: a refused API key or Host, a CORS preflight. An `onRequest` hook
 * throws it instead of returning the response, because Elysia skips the after-response hooks, and
 * with them the access log and the metrics, for a response returned there; the error plugin sends it.
 */
export class AnsweredEarly extends Error {
  constructor(readonly response: Response) {
    super(`answered early with ${response.status}`);
  }
}

/** A JSON response as Echo's `c.JSON` writes one: Go's encoder escapes HTML-significant characters and ends with a newline. */
export function goJsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const body = `${JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
  return new Response(body, { status, headers: { ...headers, "content-type": "application/json" } });
}

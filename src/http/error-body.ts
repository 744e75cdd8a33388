/** Hanko's error body: the HTTP status and a human-readable message. */
export interface ErrorBody {
  code: number;
  message: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? "Error";
}

/** A JSON error response in Hanko's format; HEAD requests get the status alone. */
export function errorResponse(code: number, message = statusText(code), method = "GET", headers?: Record<string, string>): Response {
  const body = method === "HEAD" ? null : `${JSON.stringify({ code, message } satisfies ErrorBody)}\n`;
  const response = new Response(body, { status: code, headers });
  response.headers.set("content-type", "application/json; charset=UTF-8");
  return response;
}

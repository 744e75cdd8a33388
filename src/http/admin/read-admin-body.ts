import { BodyTooLarge, readBodyUpTo } from "../read-limited-body.ts";
import { type JsonNode, readGoJson } from "../../gocompat/echo/json.ts";

export type AdminBody = { ok: true; node: JsonNode | undefined; bytes: Uint8Array } | { ok: false; status: number; message: string };

/** Hanko sets no limit; the largest admin request is a few kilobytes of metadata, so a megabyte is generous. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Media types Echo binds by tag names the admin request types do not have, so nothing is bound from them. */
const NOTHING_TO_BIND = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "application/xml", "text/xml"]);

/**
 * A request body as Echo's binder reads it: none (Content-Length 0) binds nothing, JSON is read,
 * form and XML bodies bind nothing (a malformed one is not refused as Echo would), anything else is 415.
 * A body over the limit throws {@link BodyTooLarge}: the 413 Echo's BodyLimit middleware would answer
 * (Hanko uses none), before any binding.
 */
export async function readAdminBody(request: Request): Promise<AdminBody> {
  const length = request.headers.get("content-length");
  const chunked = request.headers.get("transfer-encoding")?.toLowerCase().includes("chunked") ?? false;
  const empty = { ok: true as const, node: undefined, bytes: new Uint8Array() };
  if ((length === null && !chunked) || length === "0") return empty;
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (NOTHING_TO_BIND.has(mediaType)) return empty;
  if (mediaType !== "application/json") return { ok: false, status: 415, message: "Unsupported Media Type" };
  const bytes = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (bytes === undefined) throw new BodyTooLarge();
  const read = readGoJson(bytes);
  return read.ok ? { ok: true, node: read.node, bytes } : { ok: false, status: 400, message: read.message };
}

import { Elysia } from "elysia";
import type { Pingable } from "./health.ts";

/** The HTML status page Hanko serves at `/`: 200 while the database answers, 500 otherwise. */
export function statusPage(db: Pingable, serviceName: string) {
  return new Elysia({ name: "status-page" }).get("/", async ({ set }) => {
    let healthy = true;
    try {
      await db.ping();
    } catch {
      healthy = false;
    }
    set.status = healthy ? 200 : 500;
    set.headers["content-type"] = "text/html; charset=UTF-8";
    return page(serviceName, healthy);
  });
}

function page(serviceName: string, healthy: boolean): string {
  const title = `${escapeHtml(serviceName)} – API Status`;
  const message = healthy ? "The API is up and running." : "The API is not working properly: the database does not answer.";
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:36rem;color:#222}.state{font-weight:600;color:${healthy ? "#157f3b" : "#b3261e"}}</style>
</head>
<body><h1>API Status</h1><p class="state">${message}</p></body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

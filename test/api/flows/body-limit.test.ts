import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { rawRequest } from "../../support/raw-http.ts";
import { streamedBody } from "../../support/streamed-body.ts";

const MiB = 1024 * 1024;

describe.each(await testDatabases())("flow request bodies on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await startFlowStack(database);
  });
  afterAll(() => stack.close());

  /** A login flow waiting for the client's capabilities, and the JSON that would report them. */
  async function waitingFlow(): Promise<{ flow: FlowClient; href: string; json: string }> {
    const flow = new FlowClient(stack.api.url, "login");
    await flow.start();
    const json = JSON.stringify({ input_data: { webauthn_available: true }, csrf_token: flow.body.csrf_token });
    return { flow, href: flow.body.actions.register_client_capabilities!.href, json };
  }

  const sendStreamed = (href: string, body: ReadableStream<Uint8Array>) =>
    fetch(`${stack.api.url}${href}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);

  test("a chunked body over the megabyte is invalid form data, refused before the client has sent it all", async () => {
    const { flow, href, json } = await waitingFlow();
    const streamed = streamedBody(127 * MiB, json);
    const response = await sendStreamed(href, streamed.body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ name: "error", status: 400, error: { code: "form_data_invalid_error" } });
    expect(response.headers.get("connection")).toBe("close");
    expect(streamed.pushed()).toBeLessThan(8 * MiB);
    expect((await flow.capabilities()).name).toBe("login_init");
  });

  test("a chunked body just under the megabyte is read and runs the action", async () => {
    const { href, json } = await waitingFlow();
    const response = await sendStreamed(href, streamedBody(MiB - 1, json).body);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }).name).toBe("login_init");
  });

  test("over a raw connection, the answer comes and the connection closes while the client is still sending", async () => {
    const { href, json } = await waitingFlow();
    const chunk = `${(64 * 1024).toString(16)}\r\n${" ".repeat(64 * 1024)}\r\n`;
    let sent = 0;
    const response = await rawRequest(
      stack.api.url,
      `POST ${href} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${json.length.toString(16)}\r\n${json}\r\n`,
      (socket) => {
        const pump = () => {
          while (!socket.destroyed && sent < 2048) {
            sent++;
            if (!socket.write(chunk)) return void socket.once("drain", pump);
          }
        };
        pump();
      },
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "form_data_invalid_error" } });
    // 2048 chunks are 128 MiB; the server stopped taking them after the first few megabytes.
    expect(sent).toBeLessThan(256);
  });
});

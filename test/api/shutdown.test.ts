// A request that arrives while the gateway stops — pipelined behind one still being received —
// is answered by the contract (served in full, then the connection closes), never with
// fastify's own 503 body, and the gateway still stops.
import { once } from "node:events";
import net from "node:net";
import { expect, it } from "vitest";
import { startTestGateway } from "../helpers/gateway.js";

/** Whether a new connection to the port is accepted (it is closed again at once). */
async function accepts(port: number): Promise<boolean> {
  const probe = net.connect(port, "127.0.0.1");
  const ok = await new Promise<boolean>((resolve) => {
    probe.once("connect", () => resolve(true));
    probe.once("error", () => resolve(false));
  });
  probe.destroy();
  return ok;
}

it("serves a request pipelined during shutdown with the contract's reply and closes", async () => {
  const t = await startTestGateway();
  await fetch(`${t.base}/admin/button`, { method: "POST" });
  const minted = (await (await fetch(`${t.base}/api/v2/accesstoken/generate?name=pos`)).json()) as {
    token: { token: string };
  };
  const token = minted.token.token;
  const body = JSON.stringify({ name: "12", orderType: "TO_GO" });
  const socket = net.connect(t.gateway.port, "127.0.0.1");
  await once(socket, "connect");
  let received = "";
  socket.on("data", (c: Buffer) => {
    received += c.toString("utf8");
  });
  const closed = once(socket, "close");
  // Headers and half the body: a request in flight, so the connection is not idle.
  socket.write(
    `POST /api/v2/activeorders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n${body.slice(0, 5)}`,
  );
  // Node answers 100 Continue once it has the headers: from then on the request is in flight.
  for (let i = 0; i < 500 && !received.includes("100 Continue"); i++) await new Promise((r) => setTimeout(r, 10));
  const stopping = t.stop();
  // The server is closing once it refuses new connections.
  for (let i = 0; i < 500 && (await accepts(t.gateway.port)); i++) await new Promise((r) => setTimeout(r, 10));
  // (Not a list of orders: a GET pipelined behind a POST may run before it, which is why RFC 9112
  // §9.3.2 tells clients not to pipeline after a non-idempotent request.)
  socket.write(
    `${body.slice(5)}GET /api/v2/gateway/settings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
  );
  await closed;
  await stopping;

  const replies = received.split(/(?=HTTP\/1\.1 )/).filter((r) => !r.startsWith("HTTP/1.1 100"));
  expect(replies.map((r) => r.slice(0, 12))).toEqual(["HTTP/1.1 201", "HTTP/1.1 200"]);
  expect(received).not.toContain("Service Unavailable");
  const last = replies[1] ?? "";
  expect(last.toLowerCase()).toContain("connection: close");
  const settings = JSON.parse(last.slice(last.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
  expect(settings).toMatchObject({ status: 200, returnCode: 13 });
});

// The serial radio (radio.md §3) over a pty pair made by socat: JSON lines in both directions,
// rejected lines counted, and unplugging (socat gone) → offline, plugging back → online again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SerialPort } from "serialport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, expectError } from "../helpers/contract.js";
import { getToken, startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { type PtyPair, ptyPair } from "../helpers/socat.js";
import { waitUntil } from "../helpers/wait.js";

let dir: string;
let pty: PtyPair;
let t: TestGateway;
let token: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "opentt-serial-"));
  pty = await ptyPair(dir);
  t = await startTestGateway({ sim: false, radio: `serial:${pty.gateway}?baud=115200` });
  token = await getToken(t);
});
afterAll(async () => {
  await t.stop();
  await pty.unplug();
  rmSync(dir, { recursive: true, force: true });
});

const radio = async () => (await api(t.base, "GET", "/api/v2/radio", { token })).body.radio as Record<string, unknown>;

/** The dongle's end: writes lines, collects what the gateway writes. */
async function dongle() {
  const port = new SerialPort({ path: pty.device, baudRate: 115200 });
  await new Promise<void>((resolve, reject) => port.once("open", resolve).once("error", reject));
  let text = "";
  port.on("data", (d: Buffer) => {
    text += d.toString();
  });
  return {
    send: (line: string) => new Promise<void>((r) => port.write(`${line}\n`, () => port.drain(() => r()))),
    lines: () => text.split("\n").filter(Boolean),
    close: () => new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r())),
  };
}

describe("the serial radio", () => {
  it("applies event lines, rejects bad ones, and writes paging commands as lines", async () => {
    expect(await radio()).toMatchObject({ kind: "serial", online: true, url: `serial:${pty.gateway}?baud=115200` });
    const d = await dongle();
    try {
      await d.send('{"hello":"opentt-dongle 0.1"}');
      await d.send('{"tracker":"12","event":"started","battery":77}');
      await d.send("garbage");
      await d.send(`{"tracker":"12","event":"seen","pad":"${"x".repeat(1500)}"}`);
      await d.send('{"tracker":"12","event":"located","table":"6"}');
      await d.send('{"repeater":"R9","online":true}');
      await waitUntil(
        () => t.gateway.ctx.orders.find({ by: "name", name: "12" })?.state === "located",
        "order 12 located",
      );
      await waitUntil(async () => (await radio()).rejected === 2, "2 rejected");
      expect((await api(t.base, "GET", "/api/v2/trackers", { token })).body.items).toEqual([
        expect.objectContaining({ name: "12", battery: 77, locationName: "6" }),
      ]);
      expect((await api(t.base, "GET", "/api/v2/repeaters", { token })).body.repeaters).toEqual([
        expect.objectContaining({ extendedAddress: "R9", status: "ACTIVE" }),
      ]);
      expect((await api(t.base, "POST", "/api/v2/activeorders/12/page", { token })).body.returnCode).toBe(12);
      await waitUntil(() => d.lines().includes('{"tracker":"12","page":true,"tracking":true}'), "the page line");
      await d.send('{"tracker":"12","event":"docked"}');
      await waitUntil(() => d.lines().includes('{"tracker":"12","page":false}'), "the stop line");
    } finally {
      await d.close();
    }
  });

  it("goes offline when unplugged (paging 503 -13, orders still work) and online when plugged back", async () => {
    await pty.unplug();
    const off = await waitUntil(async () => {
      const r = await radio();
      return r.online === false && r;
    }, "offline");
    expect(off.lastError).toEqual(expect.stringContaining(pty.gateway));
    const created = await api(t.base, "POST", "/api/v2/activeorders", {
      token,
      body: { name: "30", orderType: "TO_GO" },
    });
    expect(created.status).toBe(201);
    t.gateway.ctx.trackers.report("30", "started");
    expectError(await api(t.base, "POST", "/api/v2/activeorders/30/page", { token }), 503, -13);

    await pty.plug();
    await waitUntil(async () => (await radio()).online === true, "online again");
    const d = await dongle();
    try {
      await d.send('{"tracker":"31","event":"started"}');
      await waitUntil(() => t.gateway.ctx.orders.find({ by: "name", name: "31" }), "order 31 after replugging");
    } finally {
      await d.close();
    }
  });
});

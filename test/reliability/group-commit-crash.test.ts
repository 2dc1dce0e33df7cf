// Group commit (issue 21.3): the process dies between a group's COMMIT and its replies (the
// store's test-only fault hook OPENTT_TEST_KILL_AFTER_GROUP_OF). None of that group's changes was
// answered, yet all of them are on disk, whole: after a restart every acknowledged change is
// there, every change found was one that was sent, seq counts exactly the changes on disk, and
// the webhook queue (written in the same transaction) holds one delivery per change.
import { describe, expect, it } from "vitest";
import { call } from "../helpers/gateway.js";
import { crashRig, wsSeq } from "./support.js";

const GROUP_OF = 3;
const BURST = 16;
const MAX_BURSTS = 200;

describe("killed between a group's commit and its replies", () => {
  const rig = crashRig("opentt-group-crash-");

  it("finds the unanswered group on disk whole, and everything acknowledged", async () => {
    const hookUrl = await rig.refusingHook();
    const g1 = await rig.start([], { ...process.env, OPENTT_TEST_KILL_AFTER_GROUP_OF: String(GROUP_OF) });
    const base1 = `http://127.0.0.1:${g1.port}`;
    const { kds: token = "" } = await rig.tokens(base1, ["kds"]);
    expect((await call(base1, "POST", "/api/v2/register", { token, body: { http_client: hookUrl } })).status).toBe(200);
    const seq0 = await wsSeq(g1.port, token);

    // Bursts of concurrent creates until one burst's requests land in one group of GROUP_OF or more.
    const acked = new Set<string>();
    const unanswered = new Set<string>();
    for (let burst = 0; burst < MAX_BURSTS && unanswered.size === 0; burst++) {
      const names = Array.from({ length: BURST }, (_, i) => String(1 + burst * BURST + i));
      await Promise.all(
        names.map(async (name) => {
          try {
            const r = await call(base1, "POST", "/api/v2/activeorders", { token, body: { name, orderType: "TO_GO" } });
            expect(r.status, JSON.stringify(r.body)).toBe(201);
            acked.add(name);
          } catch {
            unanswered.add(name);
          }
        }),
      );
    }
    expect((await g1.exited).signal, "the fault hook killed the gateway").toBe("SIGKILL");
    expect(unanswered.size).toBeGreaterThanOrEqual(GROUP_OF);

    const g2 = await rig.start();
    const base2 = `http://127.0.0.1:${g2.port}`;
    const list = await call(base2, "GET", "/api/v2/activeorders", { token });
    const found = new Map(
      (list.body.items as Array<{ name: string; state: string; orderType: string }>).map((o) => [o.name, o]),
    );
    for (const name of acked) expect(found.get(name), `acknowledged ${name}`).toMatchObject({ state: "started" });
    for (const name of found.keys()) expect(acked.has(name) || unanswered.has(name), `stranger ${name}`).toBe(true);
    // The group that committed unanswered is there, whole: at least GROUP_OF unanswered orders.
    const committedUnanswered = [...unanswered].filter((n) => found.has(n));
    expect(committedUnanswered.length).toBeGreaterThanOrEqual(GROUP_OF);
    for (const n of committedUnanswered) expect(found.get(n)).toMatchObject({ state: "started", orderType: "TO_GO" });
    // seq and the webhook queue count exactly the changes on disk.
    const seq = await wsSeq(g2.port, token);
    expect(seq).toBe(seq0 + found.size);
    const hooks = await call(base2, "GET", "/api/v2/register", { token });
    expect(hooks.body.items).toEqual([expect.objectContaining({ http_client: hookUrl, pending: found.size })]);
  }, 90_000);
});

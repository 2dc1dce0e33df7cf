// The REST hot path makes no logger per request (issue 21.2): a pino child per request was a
// measurable share of GET /activeorders. Errors are still logged, with the request's method
// and URL in place of a request id.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildHttpServer } from "../../src/http/server.js";
import { getToken, type TestGateway, useTestGateway } from "../helpers/gateway.js";

let t: TestGateway;
useTestGateway(
  (g) => {
    t = g;
  },
  {},
  {},
  { token: false },
);

describe("request logging", () => {
  it("creates no child logger per request, and a 5xx still logs its method and URL", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    let children = 0;
    // Counts every child made from the logger or any of its descendants.
    const countChildren = (l: pino.Logger): pino.Logger => {
      const child = l.child.bind(l) as unknown as (...args: unknown[]) => pino.Logger;
      (l as unknown as { child: (...args: unknown[]) => pino.Logger }).child = (...args) => {
        children++;
        return countChildren(child(...args));
      };
      return l;
    };
    const app = await buildHttpServer({ ...t.gateway.ctx, logger: countChildren(logger) });
    try {
      await app.ready();
      const token = await getToken(t);
      const before = children;
      for (let i = 0; i < 20; i++) {
        const r = await app.inject({
          method: "GET",
          url: "/api/v2/activeorders",
          headers: { authorization: `Bearer ${token}` },
        });
        expect(r.statusCode).toBe(200);
      }
      expect(children - before).toBe(0);

      t.gateway.store.db.pragma("query_only = ON");
      try {
        const r = await app.inject({
          method: "POST",
          url: "/api/v2/activeorders",
          headers: { authorization: `Bearer ${token}` },
          payload: { name: "5", orderType: "TO_GO" },
        });
        expect(r.statusCode).toBe(503);
      } finally {
        t.gateway.store.db.pragma("query_only = OFF");
      }
      expect(lines).toContainEqual(
        expect.objectContaining({ method: "POST", url: "/api/v2/activeorders", returnCode: -5 }),
      );
    } finally {
      await app.close();
    }
  });
});

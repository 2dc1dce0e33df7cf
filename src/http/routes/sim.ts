// The simulated floor's control routes (--sim only; spec-adjacent, issue #2): integrators
// script trackers, the button and the clock from their tests. Callers must be on this machine
// or hold a token; a page of another site open in a browser on the box is not "on this machine"
// (the admin route's Origin rule), so it cannot drive the floor without a token. The button keeps
// the admin route's stricter rule.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../context.js";
import { asObject, DIGITS_RE, digitsOf } from "../../protocol/input.js";
import { formatLocal } from "../../protocol/local-time.js";
import { TrackerError } from "../../protocol/tracker-error.js";
import type { SimClock, SimTracker, SimTrackerReply } from "../../protocol/wire.js";
import { send } from "../reply.js";
import { router } from "../router.js";
import { assertLocalCaller, fromForeignPage, isLoopback } from "./admin.js";

/** One jump of the simulated clock may not exceed a year: beyond that is a typo. */
const MAX_ADVANCE_SECONDS = 366 * 86400;

export function registerSimRoutes(
  app: FastifyInstance,
  ctx: Pick<AppContext, "clock" | "maintain" | "pressButton" | "settings" | "sim" | "tokens">,
): void {
  const sim = ctx.sim;
  if (!sim) return;
  const r = router(app, ctx.tokens);
  const allowed = (req: FastifyRequest) => {
    const loopback = isLoopback(req.socket.remoteAddress);
    if (loopback && !fromForeignPage(req)) return;
    if (loopback && req.headers.authorization === undefined) {
      throw new TrackerError(
        "FORBIDDEN",
        "A web page of another site cannot drive the simulated floor: open the dashboard this gateway serves, or send a token",
      );
    }
    req.tokenName = ctx.tokens.authenticate(req.headers.authorization, req.ip ?? null);
  };
  const trackerName = (req: FastifyRequest) => {
    const n = (req.params as { n: string }).n;
    if (!DIGITS_RE.test(n)) throw new TrackerError("INVALID_SIM_INPUT", "Tracker numbers are 1-9 digits");
    return n;
  };
  // Under `tracker`: spread over the envelope, the tracker's status would replace the HTTP one.
  const reply = (res: FastifyReply, tracker: SimTracker) =>
    send(res, "SIM_STATE", { tracker } satisfies SimTrackerReply);

  r("POST /sim/trackers/:n/start", { secured: false }, (req, res) => {
    allowed(req);
    return reply(res, sim.floor.startTracker(trackerName(req)));
  });
  r(
    "POST /sim/trackers/:n/locate",
    {
      secured: false,
    },
    (req, res) => {
      allowed(req);
      const n = trackerName(req);
      const table = asObject(req.body).table;
      const t = digitsOf(table);
      if (t === undefined || !DIGITS_RE.test(t))
        throw new TrackerError("INVALID_LOCATION_NAME", 'Send {"table": "<digits>"}');
      return reply(res, sim.floor.locate(n, t));
    },
  );
  r(
    "POST /sim/trackers/:n/clear",
    {
      secured: false,
    },
    (req, res) => {
      allowed(req);
      return reply(res, sim.floor.clear(trackerName(req)));
    },
  );
  r("GET /sim/trackers/:n", { secured: false }, (req, res) => {
    allowed(req);
    return reply(res, sim.floor.tracker(trackerName(req)));
  });
  r("POST /sim/button", { secured: false }, (req, res) => {
    assertLocalCaller(req);
    ctx.pressButton("simulated floor");
    return send(res, "BUTTON_PRESSED", { windowSeconds: ctx.tokens.windowRemaining() });
  });
  const clockView = (): SimClock => ({
    time: formatLocal(ctx.clock.now(), ctx.settings.zone),
    offsetSeconds: Math.floor(sim.clock.offsetMs / 1000),
  });
  r("GET /sim/clock", { secured: false }, (req, res) => {
    allowed(req);
    return send(res, "SIM_STATE", { clock: clockView() });
  });
  r(
    "POST /sim/clock",
    {
      secured: false,
    },
    (req, res) => {
      allowed(req);
      const s = asObject(req.body).advanceSeconds;
      if (typeof s !== "number" || !Number.isFinite(s) || s < 0 || s > MAX_ADVANCE_SECONDS) {
        throw new TrackerError("INVALID_SIM_INPUT", `advanceSeconds must be a number from 0 to ${MAX_ADVANCE_SECONDS}`);
      }
      // Whole milliseconds, like the real clock: fractions would stay in every timestamp after.
      sim.clock.advance(Math.round(s * 1000));
      ctx.maintain({ purge: true });
      return send(res, "SIM_STATE", { clock: clockView() });
    },
  );
}

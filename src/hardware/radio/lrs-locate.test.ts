// Choosing the vendor gateway among Bonjour answers (issue 17 point 1).
import { describe, expect, it } from "vitest";
import type { DiscoveredGateway } from "../../sdk/discovery.js";
import { createRadio } from "./create-radio.js";
import { bonjourLocator, chooseUpstream, SeveralUpstreams } from "./lrs-locate.js";
import { UpstreamDown } from "./lrs-upstream.js";
import type { RadioDeps } from "./radio-deps.js";
import { parseRadio } from "./radio-url.js";

const gw = (name: string, ip: string, txt: Record<string, string> = {}): DiscoveredGateway => ({
  name,
  host: `${name}.local`,
  addresses: [ip],
  port: 8000,
  txt,
  url: `http://${ip}:8000/`,
  ...(txt.serial ? { serial: txt.serial } : {}),
});

describe("chooseUpstream", () => {
  it("skips opentt itself and bridged gateways, and takes the one vendor gateway", () => {
    const found = [
      gw("Table Tracker SELF", "10.0.0.1", { serial: "SELF" }),
      gw("Other bridge", "10.0.0.3", { serial: "B2", bridge: "X" }),
      gw("LRS Gateway", "10.0.0.2"),
    ];
    expect(chooseUpstream(found, "SELF")).toBe("http://10.0.0.2:8000");
  });
  it("stops and lists several candidates", () => {
    const found = [gw("LRS A", "10.0.0.2", { serial: "V1" }), gw("LRS B", "10.0.0.4")];
    expect(() => chooseUpstream(found, "SELF")).toThrow(SeveralUpstreams);
    expect(() => chooseUpstream(found, "SELF")).toThrow(
      "\n  LRS A at http://10.0.0.2:8000 (serial V1): --radio lrs+http://10.0.0.2:8000" +
        "\n  LRS B at http://10.0.0.4:8000 (serial not advertised): --radio lrs+http://10.0.0.4:8000",
    );
  });
  it("follows the gateway it chose to its new address, even with others around", () => {
    const found = [gw("LRS A", "10.0.0.9"), gw("LRS B", "10.0.0.4")];
    expect(chooseUpstream(found, "SELF", "LRS A")).toBe("http://10.0.0.9:8000");
  });
  it("none: offline with a reason, not a crash", () => {
    expect(() => chooseUpstream([gw("Table Tracker SELF", "10.0.0.1", { serial: "SELF" })], "SELF")).toThrow(
      UpstreamDown,
    );
  });
});

describe("bonjourLocator", () => {
  it("asks the injected browser (the CLI passes the SDK's) and names the upstream by its serial", async () => {
    const timeouts: number[] = [];
    const locate = bonjourLocator(
      "SELF",
      async (ms) => {
        timeouts.push(ms);
        return [gw("Table Tracker SELF", "10.0.0.1", { serial: "SELF" }), gw("LRS", "10.0.0.2", { serial: "V1" })];
      },
      1_500,
    );
    expect(await locate()).toEqual({ url: "http://10.0.0.2:8000", serial: "V1" });
    expect(timeouts).toEqual([1_500]);
  });
  it("without a browser, --radio lrs with no address is refused with what to give instead", () => {
    expect(() => createRadio(parseRadio("lrs"), { serial: "SELF" } as RadioDeps)).toThrow(/--radio lrs\+http:\/\//);
  });
});

// The discovery flags are checked once, with the rest of the configuration.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config.js";

describe("discovery flags", () => {
  it("--advertise-ip must be an IP address", () => {
    expect(() => resolveConfig({ advertiseIp: "gateway.local" })).toThrow(/--advertise-ip must be an IP address/);
    expect(resolveConfig({ advertiseIp: "192.168.1.20" }).advertiseIp).toBe("192.168.1.20");
    expect(resolveConfig({ advertiseIp: "fd00::20" }).advertiseIp).toBe("fd00::20");
  });

  it("mDNS is on unless turned off", () => {
    expect(resolveConfig().mdns).toBe(true);
    expect(resolveConfig({ mdns: false }).mdns).toBe(false);
  });
});

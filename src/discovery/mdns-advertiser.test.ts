import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { planAdvertisement } from "./mdns-advertiser.js";

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: "255.255.255.0",
  family: "IPv4",
  mac: "00:00:00:00:00:00",
  internal,
  cidr: `${address}/24`,
});

// A multi-homed box: the shop LAN on eth0, the back office on wlan0.
const IFACES = {
  lo: [v4("127.0.0.1", true)],
  eth0: [v4("192.168.1.20"), v4("192.168.1.21")],
  wlan0: [v4("10.0.0.20")],
};

describe("planAdvertisement", () => {
  it("listening everywhere: announces every interface", () => {
    expect(planAdvertisement({ listenHost: "0.0.0.0" }, IFACES)).toEqual({ responder: {}, warnings: [] });
  });

  it("--interface keeps the responder on that interface", () => {
    expect(planAdvertisement({ listenHost: "0.0.0.0", interface: "eth0" }, IFACES).responder).toEqual({
      interface: "eth0",
    });
  });

  it("--interface without an address yet (DHCP at boot): warns and waits for it", () => {
    const plan = planAdvertisement({ listenHost: "0.0.0.0", interface: "eth9" }, IFACES);
    expect(plan.responder.interface).toBe("eth9");
    expect(plan.warnings.join()).toMatch(/--interface eth9 has no address.*lo, eth0, wlan0/);
  });

  it("--advertise-ip announces only that address, from the interface that has it", () => {
    const plan = planAdvertisement({ listenHost: "0.0.0.0", advertiseIp: "10.0.0.20" }, IFACES);
    expect(plan.restrictedAddresses).toEqual(["10.0.0.20"]);
    expect(plan.responder.interface).toBe("wlan0");
  });

  it("bound to one address: announces only that one", () => {
    const plan = planAdvertisement({ listenHost: "192.168.1.20" }, IFACES);
    expect(plan.restrictedAddresses).toEqual(["192.168.1.20"]);
    expect(plan.responder.interface).toBe("eth0");
  });

  it("bound to a secondary address: warns, since only the first one can be announced", () => {
    const plan = planAdvertisement({ listenHost: "192.168.1.21" }, IFACES);
    expect(plan.restrictedAddresses).toBeUndefined();
    expect(plan.warnings.join()).toMatch(/secondary address of eth0/);
  });

  it("bound to loopback: still advertises, and warns that nobody else can connect", () => {
    const plan = planAdvertisement({ listenHost: "127.0.0.1" }, IFACES);
    expect(plan.restrictedAddresses).toBeUndefined();
    expect(plan.warnings.join()).toMatch(/--host 0\.0\.0\.0/);
  });

  it("refuses flags that cannot work here, naming the flag", () => {
    expect(() => planAdvertisement({ listenHost: "0.0.0.0", advertiseIp: "gateway.local" }, IFACES)).toThrow(
      /--advertise-ip must be an IP address/,
    );
    expect(() => planAdvertisement({ listenHost: "0.0.0.0", advertiseIp: "192.168.7.7" }, IFACES)).toThrow(
      /not an address of this machine/,
    );
    expect(() =>
      planAdvertisement({ listenHost: "0.0.0.0", interface: "eth0", advertiseIp: "10.0.0.20" }, IFACES),
    ).toThrow(/belongs to wlan0, not to --interface eth0/);
    expect(() => planAdvertisement({ listenHost: "0.0.0.0", advertiseIp: "192.168.1.21" }, IFACES)).toThrow(
      /secondary address of eth0.*\(192\.168\.1\.20\)/,
    );
  });
});

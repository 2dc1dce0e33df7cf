import { describe, expect, it } from "vitest";
import { arrivedOnAnotherInterface, type InterfaceSubnet } from "./ciao-fixes.js";

const IFACES = new Map<string, InterfaceSubnet>([
  ["lo", { loopback: true, ip4Netmask: "255.0.0.0", ipv4Netaddress: "127.0.0.0" }],
  ["eth0", { loopback: false, ip4Netmask: "255.255.255.0", ipv4Netaddress: "192.168.1.0" }],
  ["wlan0", { loopback: false, ip4Netmask: "255.255.0.0", ipv4Netaddress: "10.20.0.0" }],
]);

describe("arrivedOnAnotherInterface (RFC 6762 §15 on Linux)", () => {
  it("a sender on this interface's subnet is this interface's", () => {
    expect(arrivedOnAnotherInterface("192.168.1.77", "eth0", IFACES)).toBe(false);
    expect(arrivedOnAnotherInterface("10.20.200.3", "wlan0", IFACES)).toBe(false);
  });

  it("a sender on another interface's subnet came in there", () => {
    expect(arrivedOnAnotherInterface("10.20.200.3", "eth0", IFACES)).toBe(true);
    expect(arrivedOnAnotherInterface("192.168.1.77", "wlan0", IFACES)).toBe(true);
  });

  it("a sender on no known subnet (a routed or misconfigured host) is still answered", () => {
    expect(arrivedOnAnotherInterface("172.16.0.9", "eth0", IFACES)).toBe(false);
  });

  it("loopback's subnet does not claim LAN packets", () => {
    expect(arrivedOnAnotherInterface("127.0.0.1", "eth0", IFACES)).toBe(false);
  });
});

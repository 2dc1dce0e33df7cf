import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { servingUrls } from "./serving-urls.js";

const addr = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal, netmask: "", mac: "", cidr: null }) as NetworkInterfaceInfo;
const interfaces = {
  lo: [addr("127.0.0.1", "IPv4", true), addr("::1", "IPv6", true)],
  eth0: [addr("192.168.1.20", "IPv4"), addr("fe80::1", "IPv6"), addr("fd00::20", "IPv6")],
  wlan0: [addr("10.0.0.7", "IPv4")],
};

describe("servingUrls", () => {
  it("bound to 0.0.0.0: localhost, then every non-internal IPv4 address", () => {
    expect(servingUrls("0.0.0.0", 8000, interfaces)).toEqual([
      "http://localhost:8000/",
      "http://192.168.1.20:8000/",
      "http://10.0.0.7:8000/",
    ]);
  });

  it("bound to ::: IPv6 addresses too, in brackets, never link-local", () => {
    expect(servingUrls("::", 8000, interfaces)).toEqual([
      "http://localhost:8000/",
      "http://192.168.1.20:8000/",
      "http://[fd00::20]:8000/",
      "http://10.0.0.7:8000/",
    ]);
  });

  it("bound to one address: only that one", () => {
    expect(servingUrls("192.168.1.20", 8001, interfaces)).toEqual(["http://192.168.1.20:8001/"]);
    expect(servingUrls("::1", 8001, interfaces)).toEqual(["http://[::1]:8001/"]);
  });
});

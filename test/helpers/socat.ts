// A pseudo-terminal pair from Debian socat for serial radio tests: `gateway` is the end the
// gateway opens, `device` the end the test plays the dongle on. Killing socat is unplugging.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { terminate } from "./mosquitto.js";
import { waitUntil } from "./wait.js";

export interface PtyPair {
  gateway: string;
  device: string;
  unplug(): Promise<void>;
  plug(): Promise<void>;
}

export async function ptyPair(dir: string): Promise<PtyPair> {
  const gateway = path.join(dir, "gw-tty");
  const device = path.join(dir, "dev-tty");
  let child: ChildProcess | undefined;
  const plug = async () => {
    child = spawn("socat", [`pty,raw,echo=0,link=${gateway}`, `pty,raw,echo=0,link=${device}`], { stdio: "ignore" });
    await waitUntil(() => existsSync(gateway) && existsSync(device), "socat's ptys");
  };
  const unplug = async () => {
    const c = child;
    child = undefined;
    await terminate(c);
  };
  await plug();
  return { gateway, device, unplug, plug };
}

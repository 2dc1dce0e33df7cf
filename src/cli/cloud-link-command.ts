// `opentt cloud status|bind|unbind`: this gateway's link to an opentt cloud site [opentt]
// (GET/POST/DELETE /api/v2/cloud, docs/cloud.md). They hang under `opentt cloud`, whose own action
// runs the cloud service: with a subcommand it is the gateway's side, without one the cloud's.
import type { Command } from "commander";
import type { CloudStatus } from "../protocol/wire.js";
import { type ConnectionFlags, connect, connectionOptions } from "./connection.js";
import { CliError, EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { duration, fields, printJson } from "./output.js";

const site = (c: CloudStatus) => `site "${c.siteName}" (#${c.siteId}) of "${c.accountName}" at ${c.cloud}`;

function describe(c: CloudStatus): string {
  if (!c.bound) return "Not bound to a cloud: `opentt cloud bind <device-code> <cloud-url>` binds it.\n";
  const oldest = c.oldestPendingSeconds === null ? "" : ` (oldest ${duration(c.oldestPendingSeconds)})`;
  return `Bound to ${site(c)} since ${c.activated}.\n${fields([
    ["Changes waiting", `${c.pending}${oldest}`],
    ["Uploaded since start", String(c.uploaded)],
    ["Last upload", c.lastUpload ?? "never"],
    ["Last error", c.lastError === null ? "none" : `${c.lastError} (${c.failures} failures in a row)`],
    ["Next attempt", c.nextAttempt ?? "-"],
  ])}`;
}

export function registerCloudLinkCommands(cloud: Command, io: CliIo): void {
  connectionOptions(cloud.command("status").description("this gateway's cloud binding and upload state")).action(
    async (flags: ConnectionFlags) => {
      const { client } = await connect(flags, io);
      const c = await client.cloudStatus();
      if (flags.json) return printJson(io, c);
      io.out(describe(c));
    },
  );
  connectionOptions(
    cloud
      .command("bind")
      .alias("activate")
      .description("bind this gateway to a cloud site with the site's one-time device code (uploads start at once)")
      .argument("<device-code>", "the code the cloud gave when the site was created, e.g. KX7M-Q2PD")
      .argument("<cloud-url>", "the cloud's address, e.g. https://cloud.example"),
  ).action(async (code: string, url: string, flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    const r = await client.activateCloud(code, url);
    if (flags.json) return printJson(io, r);
    io.out(
      `${r.result === "moved" ? "Moved" : "Bound"} to ${site(r.cloud)}: ${r.cloud.pending} orders queued for upload.\n`,
    );
  });
  connectionOptions(
    cloud.command("unbind").description("stop uploading to the cloud (changes not uploaded yet are dropped)"),
  ).action(async (flags: ConnectionFlags) => {
    const { client } = await connect(flags, io);
    const before = await client.cloudStatus();
    if (!before.bound) throw new CliError("This gateway is not bound to a cloud: nothing to unbind.", EXIT.NOT_FOUND);
    await client.unbindCloud();
    if (flags.json) return printJson(io, { unbound: before.cloud, dropped: before.pending });
    io.out(`Unbound from ${site(before)}; ${before.pending} changes not uploaded were dropped.\n`);
  });
}

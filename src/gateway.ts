// The composition root: builds store → domain → http/ws → hardware → discovery, starts them
// in that order and stops them in reverse. The constructor opens the database (and reads or
// writes the serial and the sim clock's lead) and wires the services; start() does the network I/O;
// stop() is idempotent and leaves the database closed and consistent.
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import type { GatewayConfig } from "./config.js";
import type { AppContext } from "./context.js";
import type { Advertiser } from "./discovery/advertiser.js";
import { noAdvertiser } from "./discovery/advertiser.js";
import { AdjustableClock, type Clock, systemClock } from "./domain/clock.js";
import { EventBus } from "./domain/events.js";
import { applyFloorEvent, type FloorEvent } from "./domain/floor.js";
import { FloorplanService } from "./domain/floorplan.js";
import { HistoryService } from "./domain/history-service.js";
import { runMaintenance } from "./domain/maintenance.js";
import { OrderService } from "./domain/orders.js";
import { SettingsService } from "./domain/settings.js";
import { TokenService } from "./domain/tokens.js";
import { TrackerInventory } from "./domain/trackers.js";
import { WebhookService } from "./domain/webhooks.js";
import { DemoTraffic, metaMemory } from "./hardware/demo.js";
import type { TrackerDevice } from "./hardware/device.js";
import { noRadio } from "./hardware/no-radio.js";
import { createRadio } from "./hardware/radio/create-radio.js";
import type { BrowseGateways } from "./hardware/radio/lrs-locate.js";
import { RadioLink } from "./hardware/radio/radio-link.js";
import { displayUrl, parseRadio } from "./hardware/radio/radio-url.js";
import { SimulatedFloor } from "./hardware/sim-floor.js";
import { GatewayMetrics } from "./http/metrics.js";
import { buildHttpServer, type HttpTimeouts } from "./http/server.js";
import { servingUrls } from "./http/serving-urls.js";
import { NightlyBackup } from "./ops/nightly-backup.js";
import { removePidFile, writePidFile } from "./ops/pid-file.js";
import { gatewayInstanceName } from "./protocol/discovery.js";
import type { RadioStatus } from "./protocol/radio.js";
import { openDatabase, SqliteStore } from "./store/sqlite-store.js";
import { WebhookQueue } from "./store/webhook-queue.js";
import { CloudSyncStore } from "./sync/cloud-store.js";
import { CloudSync } from "./sync/cloud-sync.js";
import { cloudLinkOptions } from "./sync/cloud-url.js";
import { CloudUploader, type UploaderOptions } from "./sync/uploader.js";
import { VERSION } from "./version.js";
import { WebhookDelivery } from "./webhooks/delivery.js";
import { type HubOptions, WebSocketHub } from "./ws/hub.js";

const MAINTENANCE_MS = 1_000;
const PURGE_EVERY_TICKS = 60;

export interface GatewayDeps {
  logger?: Logger;
  advertiser?: (ctx: AppContext, config: Readonly<GatewayConfig>) => Advertiser;
  /** Bonjour browsing for `--radio lrs` without an address (the CLI passes the SDK's discover). */
  browseGateways?: BrowseGateways;
  /** Extra HTTP routes (the dashboard mounts itself here). */
  extraRoutes?: (app: FastifyInstance, ctx: AppContext) => void | Promise<void>;
  /** Real time under the simulated clock (tests hold it still, so no assertion races a second). */
  wallClock?: () => number;
  /** WebSocket hub timings (tests shorten the auth timeout and heartbeat). */
  hub?: HubOptions;
  /** HTTP slow-request timeouts (tests shorten them). */
  http?: HttpTimeouts;
  /** Cloud upload timings and fetch (tests shorten the backoff or cut the network). */
  cloudUploader?: Partial<
    Pick<UploaderOptions, "fetch" | "baseDelayMs" | "maxDelayMs" | "heartbeatMs" | "pollMs" | "batchSize">
  >;
}

export class Gateway {
  readonly config: Readonly<GatewayConfig>;
  readonly logger: Logger;
  readonly store: SqliteStore;
  readonly ctx: AppContext;
  readonly hub: WebSocketHub;
  readonly #deps: GatewayDeps;
  readonly #delivery: WebhookDelivery;
  readonly #uploader: CloudUploader;
  readonly #demo?: DemoTraffic;
  readonly #nightly?: NightlyBackup;
  readonly metrics: GatewayMetrics;
  readonly #radio: RadioLink;
  #http?: FastifyInstance;
  #advertiser: Advertiser = noAdvertiser;
  #maintenance?: NodeJS.Timeout;
  #ticks = 0;
  #state: "new" | "starting" | "running" | "stopping" | "stopped" = "new";
  #stopped?: Promise<void>;

  constructor(config: Readonly<GatewayConfig>, deps: GatewayDeps = {}) {
    this.config = config;
    this.#deps = deps;
    this.logger = deps.logger ?? pino({ level: config.logLevel, base: { name: "opentt" } });
    this.store = new SqliteStore(openDatabase({ dataDir: config.dataDir, synchronous: config.durability }), {
      backgroundCheckpoints: true,
    });
    const meta = this.store.meta;
    let serial = meta.get("serial");
    if (!serial) {
      serial = randomBytes(6).toString("hex").toUpperCase();
      meta.set("serial", serial);
    }

    let clock: Clock = systemClock;
    let simClock: AdjustableClock | undefined;
    if (config.sim) {
      // The simulated clock's lead survives restarts, so stored times never run backwards.
      simClock = new AdjustableClock(Number(meta.get("simClockOffsetMs") ?? 0), deps.wallClock);
      simClock.onAdvance((offset) => meta.set("simClockOffsetMs", String(offset)));
      clock = simClock;
    }

    const events = new EventBus();
    const onListenerError = (e: unknown) =>
      this.logger.error(
        { err: e },
        "event listener failed (the order change itself is saved): a bug, report it with this line",
      );
    const trackers = new TrackerInventory(this.store, clock);
    const orders = new OrderService({
      store: this.store,
      clock,
      ids: { uuid: randomUUID },
      events,
      trackers,
      onListenerError,
    });
    const settings = new SettingsService(this.store, events);
    const tokens = new TokenService({
      store: this.store,
      clock,
      events,
      onMint: ({ name, ip, via }) =>
        this.logger.warn({ tokenName: name, ip, via }, "access token minted: revoke it if you do not know it"),
    });
    // Its own store table and event bus: a hook token is never an access token, and revoking
    // one closes no WebSocket that an access token of the same name holds.
    const hookTokens = new TokenService({
      store: { tokens: this.store.hookTokens },
      clock,
      events: new EventBus(),
      onMint: ({ name }) => this.logger.info({ tokenName: name }, "ready webhook token minted"),
    });
    // With no webhook registered an order change queues nothing: skip the delivery worker's
    // queue scan on the write path (the periodic poll still runs).
    let webhookCount = this.store.webhooks.list().length;
    const webhooks = new WebhookService(
      this.store,
      clock,
      () => settings.zone,
      () => {
        webhookCount = this.store.webhooks.list().length;
      },
    );
    orders.addOutbox(webhooks.outbox);
    const cloudStore = new CloudSyncStore(this.store.db);
    const cloudLink = cloudLinkOptions({ caFile: config.cloudCa, allowHttp: config.cloudAllowHttp });
    this.#uploader = new CloudUploader({
      store: cloudStore,
      logger: this.logger.child({ component: "cloud-sync" }),
      zone: () => settings.zone,
      targetTime: () => settings.get().targetTimeDefault,
      ...cloudLink,
      ...deps.cloudUploader,
    });
    const cloud = new CloudSync({
      store: cloudStore,
      ...cloudLink,
      uploader: this.#uploader,
      identity: { serial, name: gatewayInstanceName(serial) },
      logger: this.logger.child({ component: "cloud-sync" }),
    });
    orders.addOutbox(cloud.outbox);
    // The simulated floor lives in memory: it starts out with the trackers the gateway last heard
    // from, so a restart does not make the trackers out on the floor unknown to it.
    const floor = config.sim
      ? new SimulatedFloor(
          clock,
          trackers.records().map(({ name, status, locationName, battery }) => ({
            name,
            status,
            locationName,
            battery,
            paging: false,
          })),
        )
      : undefined;
    const radioSpec = parseRadio(config.radio);
    this.#radio = new RadioLink({
      kind: radioSpec.kind,
      url: displayUrl(radioSpec),
      clock,
      logger: this.logger.child({ component: "radio" }),
      lastApplied: (n) => trackers.lastApplied(n),
      // MQTT's events join the group commit the REST writes use (radio-link.ts receiveInBatch).
      batch: (apply) => orders.grouped(apply),
    });
    const radio = createRadio(radioSpec, {
      link: this.#radio,
      clock,
      serial,
      dataDir: config.dataDir,
      host: config.host,
      mqttPort: config.mqttPort,
      username: config.radioUsername,
      password: config.radioPassword,
      caFile: config.radioCa,
      radioToken: config.radioToken,
      knownTrackers: () => trackers.records().map((t) => t.name),
      isActive: (name) => orders.find({ by: "name", name }) !== undefined,
      browse: this.#deps.browseGateways,
    });
    const device: TrackerDevice = floor ?? radio ?? noRadio;

    this.ctx = {
      clock,
      events,
      orders,
      history: new HistoryService(this.store, clock, settings),
      tokens,
      settings,
      trackers,
      webhooks,
      floorplan: new FloorplanService(this.store.floorplan, events),
      hookTokens,
      device,
      radio: this.#radio,
      identity: { serial, name: gatewayInstanceName(serial), version: VERSION, startedAt: Date.now() },
      sim: floor && simClock ? { floor, clock: simClock } : undefined,
      logger: this.logger,
      cloud,
      maintain: (opts) => this.#maintain(opts?.purge ?? false),
      pressButton: (source) => {
        tokens.pressButton();
        this.logger.info({ source }, "button pressed: the token window is open for 120 s");
      },
    };

    if (config.backupDir) {
      this.#nightly = new NightlyBackup({
        db: this.store.db,
        dir: config.backupDir,
        keep: config.backupKeep,
        clock,
        zone: () => settings.zone,
        logger: this.logger.child({ component: "backup" }),
      });
    }
    this.hub = new WebSocketHub(this.ctx, deps.hub);
    this.metrics = new GatewayMetrics({
      ctx: this.ctx,
      db: this.store.db,
      webSocketClients: () => this.hub.peerCount,
      dbFile: config.dataDir === ":memory:" ? undefined : path.join(config.dataDir, "opentt.db"),
    });
    this.#delivery = new WebhookDelivery({
      queue: new WebhookQueue(this.store.db),
      logger: this.logger.child({ component: "webhooks" }),
    });
    events.on("order", () => webhookCount > 0 && this.#delivery.kick());
    // Unbound, an order change queues nothing for the cloud: no outbox scan on the write path.
    events.on("order", () => cloud.bound && this.#uploader.kick());
    if (config.demo && floor) {
      this.#demo = new DemoTraffic({
        floor,
        clock,
        memory: metaMemory(meta),
        seed: config.demoSeed,
        page: (n) => {
          if (orders.find({ by: "name", name: n })) orders.page({ by: "name", name: n }, false);
        },
        orders: () =>
          orders.list().map((o) => ({ name: o.name, table: o.state === "located" ? o.locationName : null })),
        onError: (e) => this.logger.debug({ err: e }, "demo step skipped"),
      });
    }
  }

  /** radio.md §5: what GET /api/v2/radio reports. */
  radioStatus(): RadioStatus {
    return this.#radio.status(this.ctx.settings.zone);
  }

  get port(): number {
    return (this.#http?.server.address() as AddressInfo | null)?.port ?? this.config.port;
  }

  /** The URL clients on this machine should use; loopback when bound to every interface. */
  get url(): string {
    return servingUrls(this.config.host, this.port, {})[0] as string;
  }

  /** Every URL the gateway serves: the one above, then each interface address's (the LAN's). */
  get urls(): string[] {
    return servingUrls(this.config.host, this.port);
  }

  async start(): Promise<this> {
    if (this.#state !== "new") throw new Error(`the gateway cannot start when ${this.#state}`);
    this.#state = "starting";
    this.logger.info({ host: this.config.host, port: this.config.port }, "starting");
    try {
      this.#http = await buildHttpServer(this.ctx, {
        timeouts: this.#deps.http,
        extraRoutes: (app) => {
          this.metrics.mount(app, this.ctx, this.config.metricsAccess);
          return this.#deps.extraRoutes?.(app, this.ctx);
        },
      });
      this.hub.attach(this.#http.server);
      await this.#http.listen({ host: this.config.host, port: this.config.port });
      if (this.config.dataDir !== ":memory:") {
        const started = new Date().toISOString();
        writePidFile(this.config.dataDir, { pid: process.pid, port: this.port, host: this.config.host, started });
      }
      const apply = (e: FloorEvent) => {
        this.metrics.radioEvent(e);
        applyFloorEvent(e, this.ctx.orders, this.ctx.trackers);
      };
      // The simulated floor delivers on its own; the link only counts what it applies.
      await this.ctx.device.start(this.ctx.sim ? this.#radio.counted(apply) : apply);
      if (this.ctx.sim) this.#radio.setOnline(true);
      this.ctx.trackers.attachRadio(this.ctx.device);
      this.#delivery.start();
      this.#uploader.start();
      this.#maintain(true);
      this.#maintenance = setInterval(() => this.#maintain(++this.#ticks % PURGE_EVERY_TICKS === 0), MAINTENANCE_MS);
      this.#maintenance.unref();
      this.#demo?.start();
      if (this.config.mdns && this.#deps.advertiser) {
        this.#advertiser = this.#deps.advertiser(this.ctx, this.config);
        const { serial, name, version } = this.ctx.identity;
        const bridged = this.ctx.device.bridged;
        const bridge: Record<string, string> = bridged === undefined ? {} : { bridge: bridged };
        await this.#advertiser
          .start({ name, port: this.port, txt: { api: "v2", version, serial, ...bridge } })
          .catch((e) =>
            this.logger.error(
              { err: e },
              "mDNS advertising failed; clients must connect by address: run `opentt doctor` to see why",
            ),
          );
      }
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.#state = "running";
    return this;
  }

  #maintain(purge: boolean): void {
    try {
      const r = runMaintenance(this.ctx.clock.now(), { ...this.ctx, store: this.store }, purge);
      if (r.autoCleared || r.purged) this.logger.info(r, "maintenance");
      this.ctx.tokens.flush();
      this.ctx.hookTokens.flush();
      // The demo's guests move on the gateway clock: each second, and at once after a jump.
      this.#demo?.tick();
      this.#nightly?.tick();
    } catch (e) {
      this.logger.error(
        { err: e },
        "maintenance failed; will retry each second: if this repeats, check the data folder's disk (`opentt doctor`)",
      );
    }
  }

  /** Idempotent: the second call waits for the first. */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    this.#state = "stopping";
    this.#demo?.stop();
    clearInterval(this.#maintenance);
    await this.#advertiser
      .stop()
      .catch((e) =>
        this.logger.warn(
          { err: e },
          "mDNS goodbye failed: nothing to do, clients forget the gateway when its records expire",
        ),
      );
    await this.#delivery.stop();
    await this.#uploader.stop();
    await this.ctx.device.stop().catch(() => {});
    await this.hub.close();
    // In-flight requests finish; idle keep-alive connections are closed.
    await this.#http?.close();
    try {
      this.ctx.tokens.flush();
    } catch (e) {
      this.logger.warn(
        { err: e },
        "could not save token last-used times (the tokens are saved): check the data folder is writable (`opentt doctor`)",
      );
    }
    await this.#nightly?.settle();
    this.store.close();
    if (this.config.dataDir !== ":memory:") removePidFile(this.config.dataDir, process.pid);
    this.#state = "stopped";
  }
}

// What the composition root (gateway.ts) holds for the adapters: the domain services and the
// edges they may call. No store: adapters go through the services. Each adapter declares the
// narrow part it uses (a Pick of this), so what it can reach is visible in its signature.
import type { Logger } from "pino";
import type { AdjustableClock, Clock } from "./domain/clock.js";
import type { EventBus } from "./domain/events.js";
import type { FloorplanService } from "./domain/floorplan.js";
import type { HistoryService } from "./domain/history-service.js";
import type { OrderService } from "./domain/orders.js";
import type { SettingsService } from "./domain/settings.js";
import type { TokenService } from "./domain/tokens.js";
import type { TrackerInventory } from "./domain/trackers.js";
import type { WebhookService } from "./domain/webhooks.js";
import type { TrackerDevice } from "./hardware/device.js";
import type { SimulatedFloor } from "./hardware/sim-floor.js";
import type { RadioStatus } from "./protocol/radio.js";
import type { CloudSync } from "./sync/cloud-sync.js";

interface GatewayIdentity {
  serial: string;
  name: string;
  version: string;
  /** Real time the process started, for uptime. */
  startedAt: number;
}

export interface AppContext {
  readonly clock: Clock;
  readonly events: EventBus;
  readonly orders: OrderService;
  readonly history: HistoryService;
  readonly tokens: TokenService;
  readonly settings: SettingsService;
  readonly trackers: TrackerInventory;
  readonly webhooks: WebhookService;
  /** [opentt] The floor plan (issue 18). */
  readonly floorplan: FloorplanService;
  /** [opentt] Tokens of the inbound ready webhook: they open POST /api/v2/hooks/ready and nothing else. */
  readonly hookTokens: TokenService;
  readonly device: TrackerDevice;
  /** radio.md §5: the attached radio's state and counts (GET /api/v2/radio). */
  readonly radio?: { status(zone: string): RadioStatus };
  readonly identity: GatewayIdentity;
  /** Present only with --sim. */
  readonly sim?: { floor: SimulatedFloor; clock: AdjustableClock };
  readonly logger: Logger;
  /** [opentt] The cloud link (activation, sync state); absent in contexts built without it. */
  readonly cloud?: CloudSync;
  /** Runs the clock-driven rules now: paging expiry, automatic clearing, retention. */
  maintain(opts?: { purge?: boolean }): void;
  /** Opens the token window, from whichever button was pressed. */
  pressButton(source: string): void;
}

// Compiled only by test/api/openapi-types.test.ts, against the types openapi-typescript
// generates from the served /docs/json ("opentt-openapi-types" is mapped to that file). Each
// line holds one reply payload of the document and the SDK's or protocol's public type to
// each other, both ways; a drift on either side is a compile error that names the field.
import type { components } from "opentt-openapi-types";
import type { RadioStatus } from "../../../src/protocol/radio.js";
import type { ErrorEnvelope } from "../../../src/protocol/tracker-error.js";
import type {
  ActiveOrder,
  CloudStatus,
  GatewayInfo,
  GatewaySettings,
  IssuedToken,
  OrderSummary,
  RangeStatistics,
  RepeaterItem,
  SimClock,
  SimTracker,
  SimTrackerReply,
  Statistics,
  TokenInfo,
  TrackerItem,
  WebhookItem,
} from "../../../src/protocol/wire.js";
import type { ApiInfo, HistoryPage, UpsertOrderInput } from "../../../src/sdk/types.js";

type S = components["schemas"];
type Data<R> = Omit<R, "status" | "returnCode">;

/** A and B are assignable to each other. */
function same<A, B>(_aToB: (a: A) => B, _bToA: (b: B) => A): void {}
const id = <T>(x: T) => x;
/** A (what the SDK sends) is assignable to B (what the document accepts). */
function accepts<A, B>(_aToB: (a: A) => B): void {}

// Shapes.
same<ActiveOrder, S["ActiveOrder"]>(id, id);
same<OrderSummary, S["OrderSummary"]>(id, id);
same<IssuedToken, S["IssuedToken"]>(id, id);
same<TokenInfo, S["TokenInfo"]>(id, id);
same<GatewaySettings, S["GatewaySettings"]>(id, id);
same<Statistics, S["Statistics"]>(id, id);
same<RangeStatistics, S["RangeStatistics"]>(id, id);
same<GatewayInfo, S["GatewayInfo"]>(id, id);
same<TrackerItem, S["TrackerItem"]>(id, id);
same<RepeaterItem, S["RepeaterItem"]>(id, id);
same<WebhookItem, S["WebhookItem"]>(id, id);
same<SimTracker, S["SimTracker"]>(id, id);
same<SimClock, S["SimClock"]>(id, id);
same<CloudStatus, S["CloudStatus"]>(id, id);
same<RadioStatus, S["RadioStatus"]>(id, id);
same<ErrorEnvelope, Omit<S["ErrorEnvelope"], never>>(id, id);

// Reply payloads, as the SDK unwraps them.
same<ApiInfo, Omit<Data<S["ApiInfoReply"]>, "message">>(id, id);
same<HistoryPage, Data<S["OrderHistoryReply"]>>(id, id);
same<{ token: IssuedToken }, Data<S["TokenCreatedReply"]>>(id, id);
same<{ count: number; items: TokenInfo[] }, Data<S["TokenListReply"]>>(id, id);
same<{ count: number; items: ActiveOrder[] }, Data<S["ActiveOrdersReply"]>>(id, id);
same<{ activeorder: ActiveOrder }, Data<S["ActiveOrderReply"]>>(id, id);
same<{ activeorder: ActiveOrder }, Data<S["OrderCreatedReply"]>>(id, id);
same<{ activeorder: ActiveOrder }, Data<S["OrderModifiedReply"]>>(id, id);
same<{ activeorder: ActiveOrder; message: string }, Data<S["OrderAlreadyStartedReply"]>>(id, id);
same<{ activeorder: ActiveOrder; message: string }, Data<S["OrderAlreadyLocatedReply"]>>(id, id);
same<{ activeorder: ActiveOrder }, Data<S["OrderClearedReply"]>>(id, id);
same<{ activeorder: ActiveOrder }, Data<S["OrderPagedReply"]>>(id, id);
same<{ count: number }, Data<S["OrdersClearedReply"]>>(id, id);
same<{ statistics: Statistics }, Data<S["StatisticsReply"]>>(id, id);
same<{ range: RangeStatistics }, Data<S["RangeStatisticsReply"]>>(id, id);
same<{ settings: GatewaySettings }, Data<S["SettingsReply"]>>(id, id);
same<{ count: number; items: WebhookItem[] }, Data<S["WebhookListReply"]>>(id, id);
same<{ count: number; items: TrackerItem[] }, Data<S["TrackerListReply"]>>(id, id);
same<{ count: number; repeaters: RepeaterItem[] }, Data<S["RepeaterListReply"]>>(id, id);
same<{ windowSeconds: number }, Data<S["ButtonPressedReply"]>>(id, id);
same<SimTrackerReply, Data<S["SimTrackerReply"]>>(id, id);
same<{ clock: SimClock }, Data<S["SimClockReply"]>>(id, id);
same<{ cloud: CloudStatus }, Data<S["CloudStatusReply"]>>(id, id);
same<{ radio: RadioStatus }, Data<S["RadioStatusReply"]>>(id, id);
same<{ cloud: CloudStatus; message: string }, Data<S["CloudActivatedReply"]>>(id, id);
// Confirmations carry only their message.
same<{ message: string }, Data<S["TokenDeletedReply"]>>(id, id);
same<{ message: string }, Data<S["SettingsChangedReply"]>>(id, id);
same<{ message: string }, Data<S["PagingCanceledReply"]>>(id, id);
same<{ message: string }, Data<S["PairingEnabledReply"]>>(id, id);

// Request bodies: what the SDK sends, the document accepts.
accepts<UpsertOrderInput, S["OrderInput"]>(id);
accepts<Partial<GatewaySettings>, S["SettingsPatch"]>(id);

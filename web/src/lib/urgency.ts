// How late an order is against the target time: the colour of a card, a history cell or a
// heat-map tile. The rule is the one the CLI's board uses (src/protocol/order-timing.ts).
export { type Urgency, urgency } from "../../../src/protocol/order-timing.js";

// `npm run bench:mqtt [trackers] [cycles]`: the MQTT radio benchmark at full size (default 500
// trackers × 4 cycles) over a mosquitto it starts itself; prints the result table.

import { toMarkdown } from "./lib/result.js";
import { benchMqttRadio } from "./mqtt-radio.js";

const trackers = Number(process.argv[2] ?? 500);
const cycles = Number(process.argv[3] ?? 4);
const r = await benchMqttRadio({ trackers, cycles }, (l) => console.log(l));
console.log(toMarkdown([r]));
for (const n of r.notes) console.log(`- ${n}`);

// `npm run bench:mqtt [trackers] [cycles] [paced seconds]`: the MQTT radio benchmark at full size
// (default 500 trackers, a burst of 4 cycles each, then 30 s paced) over a mosquitto it starts
// itself; prints the result table.

import { benchCores } from "./lib/load.js";
import { toMarkdown } from "./lib/result.js";
import { benchMqttRadio } from "./mqtt-radio.js";

const trackers = Number(process.argv[2] ?? 500);
const cycles = Number(process.argv[3] ?? 4);
const pacedSeconds = Number(process.argv[4] ?? 30);
const r = await benchMqttRadio({ trackers, cycles, pacedSeconds }, (l) => console.log(l), benchCores());
console.log(toMarkdown([r]));
for (const n of r.notes) console.log(`- ${n}`);

// Writes the API documents the gateway serves to dist/ (run after `tsc`; `npm run build` does):
// dist/openapi.json (/docs/json) and dist/asyncapi.json (/docs/asyncapi.json). `npm run
// lint:api` lints the first with the committed .spectral.yaml and redocly.yaml; the tests lint
// the served copy (docs/api.md).
import { writeFileSync } from "node:fs";
import { buildAsyncApi } from "../dist/protocol/schema/asyncapi.js";
import { buildOpenApi } from "../dist/protocol/schema/openapi.js";
import { VERSION } from "../dist/version.js";

const root = new URL("..", import.meta.url);
writeFileSync(new URL("dist/openapi.json", root), `${JSON.stringify(buildOpenApi(VERSION), null, 2)}\n`);
writeFileSync(new URL("dist/asyncapi.json", root), `${JSON.stringify(buildAsyncApi(VERSION), null, 2)}\n`);
console.log("wrote dist/openapi.json and dist/asyncapi.json");

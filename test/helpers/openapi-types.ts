// openapi-typescript on a document, then tsc on test/api/types-check/sdk-vs-openapi.ts against
// the generated types (mapped to "opentt-openapi-types"): the drift check of docs/api.md.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";

const run = promisify(execFile);

/** Generates the types of `doc` and compiles the check file against them; tsc's output, or "". */
export async function compileCheck(doc: object, workDir: string): Promise<string> {
  const generated = path.join(workDir, "openapi-types.ts");
  writeFileSync(generated, astToString(await openapiTS(doc as never)));
  const tsconfig = path.join(workDir, "tsconfig.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.resolve("tsconfig.json"),
      compilerOptions: {
        noEmit: true,
        typeRoots: [path.resolve("node_modules/@types")],
        paths: { "opentt-openapi-types": [generated] },
      },
      include: [],
      files: [path.resolve("test/api/types-check/sdk-vs-openapi.ts")],
    }),
  );
  try {
    await run(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "-p", tsconfig]);
    return "";
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

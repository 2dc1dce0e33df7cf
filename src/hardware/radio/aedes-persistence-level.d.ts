// The package ships no types; this is the part the embedded broker uses.
declare module "aedes-persistence-level/asyncPersistence.js" {
  import type { AbstractLevel } from "abstract-level";
  export default class AsyncLevelPersistence {
    constructor(db: AbstractLevel<Buffer | Uint8Array | string, Buffer | Uint8Array | string, unknown>);
    setup(broker: unknown): Promise<void>;
    destroy(): Promise<void>;
  }
}

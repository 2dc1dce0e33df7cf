// What every view needs from the shell: the SDK client, the gateway's settings, and the two
// ways to talk to the user (a toast, a confirmation). One preact context, filled in app.ts.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { GatewaySettings } from "../../src/protocol/wire.js";
import type { RadioStatus } from "../../src/sdk/index.js";
import type { createClient } from "../../src/sdk/index.js";

export type Client = ReturnType<typeof createClient>;

export type ToastKind = "info" | "success" | "error";

export interface ConfirmRequest {
  title: string;
  body?: string;
  confirmLabel: string;
  danger?: boolean;
}

export interface AppServices {
  client: Client;
  baseUrl: string;
  token: string;
  tokenName: string | null;
  settings: GatewaySettings | null;
  reloadSettings(): Promise<void>;
  /** Is the simulated floor (--sim) reachable from this browser? null while unknown. */
  sim: boolean | null;
  /** The attached radio as last polled (lib/radio.ts); null until known. */
  radio: RadioStatus | null;
  notify(message: string, kind?: ToastKind): void;
  confirm(req: ConfirmRequest): Promise<boolean>;
  /** Forget the token and go back to the welcome screen. */
  logout(reason?: string): void;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error("useApp outside <AppContext.Provider>");
  return s;
}

// The little of a WebSocket the subscription needs, so a browser's WebSocket, the `ws` package
// (Node, header auth) and a test transport all plug in the same way.

/** Subset of the WHATWG WebSocket the SDK uses. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** A constructor like the browser's `WebSocket`: the token goes in the first frame. */
export type SocketConstructor = new (url: string) => SocketLike;

/**
 * Opens one connection. `headerAuth: true` says the token already went on the upgrade request
 * (Node); otherwise the subscription sends `{"accesstoken": …}` as the first frame (spec §4).
 */
export type SocketFactory = (url: string, token: string) => { socket: SocketLike; headerAuth: boolean };

/** Text of a message event: browsers give a string, some libraries a Buffer or ArrayBuffer. */
export function frameText(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return String(data);
}

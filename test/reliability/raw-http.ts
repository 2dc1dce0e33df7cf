// Raw TCP access to the gateway for inputs no HTTP client will send: broken request lines,
// duplicated or conflicting headers, partial requests, hand-made WebSocket frames.
import net from "node:net";

export interface RawReply {
  /** HTTP status of the first response, if one arrived. */
  status?: number;
  headers: Record<string, string>;
  body: string;
  /** Everything received, for frame-level checks. */
  bytes: Buffer;
  closed: boolean;
}

function parse(buf: Buffer, closed: boolean): RawReply | undefined {
  const text = buf.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return closed ? { headers: {}, body: "", bytes: buf, closed } : undefined;
  const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const bodyBytes = buf.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"));
  const len = headers["content-length"] === undefined ? undefined : Number(headers["content-length"]);
  // 101 Switching Protocols: the rest is WebSocket frames, returned as bytes.
  if (status !== 101 && len !== undefined && bodyBytes.length < len && !closed) return undefined;
  if (status !== 101 && len === undefined && !closed) return undefined;
  const body = bodyBytes.subarray(0, len ?? bodyBytes.length).toString("utf8");
  return { status: Number.isNaN(status) ? undefined : status, headers, body, bytes: buf, closed };
}

/**
 * Writes the chunks (in separate writes) and resolves with the first complete response, or
 * with whatever arrived when the peer closed or `deadlineMs` passed.
 */
export function rawExchange(
  port: number,
  chunks: Array<string | Buffer>,
  opts: { deadlineMs?: number; keepOpen?: boolean; untilClose?: boolean } = {},
): Promise<RawReply> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (closed: boolean) => {
      if (done || (opts.untilClose && !closed)) return;
      const r = parse(buf, closed);
      if (!r) return;
      done = true;
      clearTimeout(timer);
      if (!opts.keepOpen) sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => {
      done = true;
      sock.destroy();
      // The peer did not close: report what arrived, marked as still open.
      resolve({ ...(parse(buf, true) ?? { headers: {}, body: "", bytes: buf }), closed: false });
    }, opts.deadlineMs ?? 5_000);
    sock.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      finish(false);
    });
    sock.on("error", () => finish(true));
    sock.on("close", () => finish(true));
    sock.on("connect", () => {
      for (const c of chunks) sock.write(c);
    });
  });
}

/** A WebSocket frame built by hand (RFC 6455 §5.2), possibly breaking the rules on purpose. */
export function wsFrame(
  opcode: number,
  payload: Buffer,
  o: { fin?: boolean; rsv?: number; mask?: boolean; declaredLength?: bigint } = {},
): Buffer {
  const fin = o.fin ?? true;
  const mask = o.mask ?? true;
  const head = [(fin ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | (opcode & 0x0f)];
  const len = o.declaredLength ?? BigInt(payload.length);
  let ext = Buffer.alloc(0);
  if (len < 126n) head.push((mask ? 0x80 : 0) | Number(len));
  else if (len < 65536n) {
    head.push((mask ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(len));
  } else {
    head.push((mask ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(len);
  }
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = mask ? Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number))) : payload;
  return Buffer.concat([Buffer.from(head), ext, mask ? key : Buffer.alloc(0), body]);
}

export function upgradeRequest(path: string, headers: Record<string, string> = {}): string {
  const h: Record<string, string> = {
    host: "127.0.0.1",
    upgrade: "websocket",
    connection: "Upgrade",
    "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
    "sec-websocket-version": "13",
    ...headers,
  };
  const lines = Object.entries(h)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}: ${v}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

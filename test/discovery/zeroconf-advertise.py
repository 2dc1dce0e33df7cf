#!/usr/bin/python3
"""Interop check: advertise a Table Tracker-like service with python-zeroconf (Debian
python3-zeroconf) until stdin closes or SIGTERM, so opentt's discovery can be shown to find a
responder it did not write. Prints `ready` once registered. Run inside a test namespace.

    zeroconf-advertise.py --name NAME --port PORT --address IP [--serial S] [--txt KEY=VALUE]...
"""
import argparse
import signal
import socket
import sys
import threading

from zeroconf import ServiceInfo, Zeroconf

TYPE = "_tracker-http._tcp.local."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--address", required=True)
    ap.add_argument("--serial", default="PYZEROCONF01")
    ap.add_argument("--txt", action="append", default=[], help="an extra TXT entry, e.g. bridge=X")
    args = ap.parse_args()
    txt = {"api": "v2", "serial": args.serial, "version": "python-zeroconf"}
    txt.update(entry.split("=", 1) for entry in args.txt)
    host = args.name.replace(" ", "-") + ".local."
    info = ServiceInfo(TYPE, f"{args.name}.{TYPE}", port=args.port,
                       addresses=[socket.inet_aton(args.address)], server=host,
                       properties=txt)
    zc = Zeroconf()
    zc.register_service(info)
    print("ready", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    zc.unregister_service(info)
    zc.close()


if __name__ == "__main__":
    main()

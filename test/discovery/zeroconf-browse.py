#!/usr/bin/python3
"""Interop check: browse _tracker-http._tcp with python-zeroconf (Debian python3-zeroconf) and
print what it resolves as one JSON object per service, then exit. Run inside a test namespace.

    zeroconf-browse.py [--timeout SECONDS]
"""
import argparse
import json
import sys
import threading

from zeroconf import ServiceBrowser, ServiceStateChange, Zeroconf

TYPE = "_tracker-http._tcp.local."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=10)
    args = ap.parse_args()
    zc = Zeroconf()
    found = threading.Event()
    names = []

    def on_change(zeroconf, service_type, name, state_change):
        if state_change is ServiceStateChange.Added:
            names.append(name)
            found.set()

    ServiceBrowser(zc, TYPE, handlers=[on_change])
    ok = found.wait(args.timeout)
    for name in names:
        info = zc.get_service_info(TYPE, name, timeout=int(args.timeout * 1000))
        if info is None:
            print(json.dumps({"name": name, "resolved": False}), flush=True)
            continue
        print(json.dumps({
            "name": name,
            "resolved": True,
            "port": info.port,
            "server": info.server,
            "addresses": info.parsed_addresses(),
            "txt": {k.decode(): (v.decode() if v is not None else None) for k, v in info.properties.items()},
        }), flush=True)
    zc.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

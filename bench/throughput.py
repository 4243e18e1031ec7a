#!/usr/bin/python3
"""Throughput of POST /api/features at 1, 2, 4 and 8 concurrent clients, micro-batching off and on.

Method: the packaged service (build it with `mvn package -DskipTests`) with the demo weights, one process
per mode, both started before measuring (the idle one costs nothing). Batching off: the defaults (one computation per core, the rest queue). Batching on:
featurelens.batching.enabled=true, max-size 16, window 5 ms, and 16 computations admitted at once so that
requests can meet in a batch. Each client posts relu1_2 (all 64 maps) of the 320x240 test scene in a loop;
throughput = completed requests / elapsed time, all of them must be 200. For each client count the modes
alternate, off/on/off/on, --seconds/2 each, so that a change in the shared machine's background load falls
on both. Prints a Markdown table.

    /usr/bin/python3 bench/throughput.py [--seconds 20]
"""
import argparse
import concurrent.futures as cf
import statistics
import time

import requests

from service import Service, machine

MODES = {
    "off": {},
    "on": {"FEATURELENS_BATCHING_ENABLED": "true", "FEATURELENS_BATCHING_MAX_SIZE": "16",
           "FEATURELENS_BATCHING_WINDOW": "5ms", "FEATURELENS_LIMITS_MAX_CONCURRENT": "16"},
}


def run(app, clients, seconds):
    deadline = time.time() + seconds

    def client(_):
        latencies = []
        with requests.Session() as s:
            while time.time() < deadline:
                t = time.time()
                r = app.post("relu1_2", session=s)
                assert r.status_code == 200, r.text
                latencies.append(time.time() - t)
        return latencies

    start = time.time()
    with cf.ThreadPoolExecutor(clients) as pool:
        latencies = [l for ls in pool.map(client, range(clients)) for l in ls]
    return len(latencies) / (time.time() - start), statistics.median(latencies) * 1000


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--seconds", type=float, default=20)
    a = args.parse_args()
    apps = {mode: Service(**settings) for mode, settings in MODES.items()}
    rows = {}
    try:
        for app in apps.values():
            for _ in range(3):
                app.post("relu1_2")
        for clients in (1, 2, 4, 8):
            for _ in range(2):
                for mode, app in apps.items():
                    rows.setdefault((mode, clients), []).append(run(app, clients, a.seconds / 2))
    finally:
        for app in apps.values():
            app.__exit__()
    print("Machine: %s. relu1_2, 64 maps, %g s per cell.\n" % (machine(), a.seconds))
    print("| clients | batching off: requests/s | median latency | batching on: requests/s | median latency |")
    print("|---|---|---|---|---|")
    for clients in (1, 2, 4, 8):
        off = [statistics.mean(v) for v in zip(*rows[("off", clients)])]
        on = [statistics.mean(v) for v in zip(*rows[("on", clients)])]
        print("| %d | %.2f | %.0f ms | %.2f | %.0f ms |" % (clients, off[0], off[1], on[0], on[1]))


if __name__ == "__main__":
    main()

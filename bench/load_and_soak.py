#!/usr/bin/python3
"""Load, overload and soak of the packaged service, on this machine. Prints a Markdown report.

Method
- Starts `java -jar target/quarkus-app/quarkus-run.jar` (demo weights) on a free port; build it first with
  `mvn package -DskipTests`.
- Load: 8 clients x 200 requests, mixed layers (conv1_1, relu1_2, relu2_1, relu3_3, relu5_3 with filter
  subsets), through a thread pool. Every answer must be 200 and byte-identical to the answer the same
  request got alone before the run.
- Overload: 64 requests for relu3_3 at once against the default queue (one computation per core, 16
  waiting): the rest must be 503 with Retry-After, none may fail otherwise, and a request right after works.
- Soak: after a warm-up of 200 requests, the process's resident set size (VmRSS) is read; then 2,000
  requests across layers, a tenth of them bad (not an image, filter out of range) so error paths run too;
  VmRSS is read again after a 2 s pause. Pass when it is within 10% of the first reading.

    /usr/bin/python3 bench/load_and_soak.py [--clients 8] [--per-client 200] [--soak 2000]
"""
import argparse
import concurrent.futures as cf
import hashlib
import time

import requests

from service import Service, machine

MIX = [("0", "0-15"), ("3", "8-23"), ("relu2_1", "0-31"), ("15", "100-131"), ("29", "all")]


def digest(response):
    return hashlib.sha256("".join(m["png"] for m in response.json()["maps"]).encode()).hexdigest()


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--clients", type=int, default=8)
    args.add_argument("--per-client", type=int, default=200)
    args.add_argument("--soak", type=int, default=2000)
    a = args.parse_args()

    report = []
    with Service() as app:
        reference = {layer: digest(app.post(layer, filters)) for layer, filters in MIX}

        # Load
        def client(c):
            wrong = 0
            with requests.Session() as s:
                for i in range(a.per_client):
                    layer, filters = MIX[(c + i) % len(MIX)]
                    r = app.post(layer, filters, session=s)
                    if r.status_code != 200 or digest(r) != reference[layer]:
                        wrong += 1
            return wrong
        t = time.time()
        with cf.ThreadPoolExecutor(a.clients) as pool:
            wrong = sum(pool.map(client, range(a.clients)))
        elapsed = time.time() - t
        total = a.clients * a.per_client
        report.append(("load: %d clients x %d requests, mixed layers" % (a.clients, a.per_client),
                       "%d wrong or failed of %d; %.1f requests/s; %.1f s" % (wrong, total, total / elapsed, elapsed)))

        # Overload
        with cf.ThreadPoolExecutor(64) as pool:
            statuses = list(pool.map(lambda _: app.post("relu3_3", "all"), range(64)))
        codes = {}
        for r in statuses:
            codes[r.status_code] = codes.get(r.status_code, 0) + 1
        retry = all(r.headers.get("Retry-After") for r in statuses if r.status_code == 503)
        after = app.post("0", "0").status_code
        report.append(("overload: 64 at once, relu3_3, default queue",
                       "statuses %s; Retry-After on every 503: %s; next request: %d" % (dict(sorted(codes.items())), retry, after)))

        # Soak
        for i in range(200):
            layer, filters = MIX[i % len(MIX)]
            app.post(layer, filters)
        time.sleep(2)
        before = app.rss_mb()
        t = time.time()
        bad = 0
        with requests.Session() as s:
            for i in range(a.soak):
                if i % 20 == 7:
                    bad += app.post("0", "all", image=b"not an image", session=s).status_code == 415
                elif i % 20 == 13:
                    bad += app.post("0", "64", session=s).status_code == 400
                else:
                    layer, filters = MIX[i % len(MIX)]
                    assert app.post(layer, filters, session=s).status_code == 200
        time.sleep(2)
        after_mb = app.rss_mb()
        growth = (after_mb - before) / before * 100
        report.append(("soak: %d requests after a 200-request warm-up (%d refused on purpose)" % (a.soak, bad),
                       "RSS %.0f MB before, %.0f MB after: %+.1f%% (%s); %.1f min" % (
                           before, after_mb, growth, "within 10%" if abs(growth) <= 10 else "OVER 10%", (time.time() - t) / 60)))

    print("| machine | %s |" % machine())
    print("|---|---|")
    for what, value in report:
        print("| %s | %s |" % (what, value))


if __name__ == "__main__":
    main()

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
import os
import socket
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
IMAGE = open(os.path.join(ROOT, "src", "test", "resources", "golden", "scene.png"), "rb").read()
MIX = [("0", "0-15"), ("3", "8-23"), ("relu2_1", "0-31"), ("15", "100-131"), ("29", "all")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(base, layer, filters, image=IMAGE, session=None):
    http = session or requests
    return http.post(base + "/api/features", files={"image": ("scene.png", image, "image/png")},
                     data={"layer": layer, "filters": filters}, timeout=300)


def digest(response):
    return hashlib.sha256("".join(m["png"] for m in response.json()["maps"]).encode()).hexdigest()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--clients", type=int, default=8)
    args.add_argument("--per-client", type=int, default=200)
    args.add_argument("--soak", type=int, default=2000)
    a = args.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="featurelens-", suffix=".log", delete=False)
    env = dict(os.environ, FEATURELENS_MODEL_WEIGHTS="demo", QUARKUS_HTTP_PORT=str(port))
    app = subprocess.Popen(["java", "-jar", JAR], stdout=log, stderr=subprocess.STDOUT, env=env)
    report = []
    try:
        deadline = time.time() + 180
        while True:
            try:
                if requests.get(base + "/q/health/ready", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.time() > deadline or app.poll() is not None:
                sys.exit("the service did not become ready; see " + log.name)
            time.sleep(0.1)

        reference = {layer: digest(post(base, layer, filters)) for layer, filters in MIX}

        # Load
        def client(c):
            wrong = 0
            with requests.Session() as s:
                for i in range(a.per_client):
                    layer, filters = MIX[(c + i) % len(MIX)]
                    r = post(base, layer, filters, session=s)
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
            statuses = list(pool.map(lambda _: post(base, "relu3_3", "all"), range(64)))
        codes = {}
        for r in statuses:
            codes[r.status_code] = codes.get(r.status_code, 0) + 1
        retry = all(r.headers.get("Retry-After") for r in statuses if r.status_code == 503)
        after = post(base, "0", "0").status_code
        report.append(("overload: 64 at once, relu3_3, default queue",
                       "statuses %s; Retry-After on every 503: %s; next request: %d" % (dict(sorted(codes.items())), retry, after)))

        # Soak
        for i in range(200):
            layer, filters = MIX[i % len(MIX)]
            post(base, layer, filters)
        time.sleep(2)
        before = rss_mb(app.pid)
        t = time.time()
        bad = 0
        with requests.Session() as s:
            for i in range(a.soak):
                if i % 20 == 7:
                    bad += post(base, "0", "all", image=b"not an image", session=s).status_code == 415
                elif i % 20 == 13:
                    bad += post(base, "0", "64", session=s).status_code == 400
                else:
                    layer, filters = MIX[i % len(MIX)]
                    assert post(base, layer, filters, session=s).status_code == 200
        time.sleep(2)
        after_mb = rss_mb(app.pid)
        growth = (after_mb - before) / before * 100
        report.append(("soak: %d requests after a 200-request warm-up (%d refused on purpose)" % (a.soak, bad),
                       "RSS %.0f MB before, %.0f MB after: %+.1f%% (%s); %.1f min" % (
                           before, after_mb, growth, "within 10%" if abs(growth) <= 10 else "OVER 10%", (time.time() - t) / 60)))
    finally:
        app.terminate()
        app.wait(30)

    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print("| %s | %s |" % ("machine", "%d cores, %s, %s" % (os.cpu_count(), cpu, time.strftime("%Y-%m-%d"))))
    print("|---|---|")
    for what, value in report:
        print("| %s | %s |" % (what, value))


if __name__ == "__main__":
    main()

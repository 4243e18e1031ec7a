#!/usr/bin/python3
"""Native memory soak of the packaged service under several allocator configurations.
Prints a Markdown table.

Method (issue 13 §1)
- Build first: `mvn package -DskipTests`. Each run starts `java -jar target/quarkus-app/quarkus-run.jar` afresh
  (demo weights) with a fixed, pre-touched 1 GB heap (-Xms1g -Xmx1g -XX:+AlwaysPreTouch), so that what grows
  is native memory, and with Native Memory Tracking on, so that the JVM's own native memory (direct
  buffers, metaspace, thread stacks, GC) can be told apart from malloc's (libtorch's tensors, arenas).
- 100 warm-up requests, then 3 phases of 400 requests, each request the next of the cycle: feature maps of
  layers 1, 3, 5, 15, 29 (all filters), a prediction (top 5), a Grad-CAM explanation (relu5_3) and a
  guided-backprop explanation of filter 7 at relu3_3 (the gradient paths), all of the same photo
  (src/test/resources/golden/scene.png), and a feature visualisation job (relu1_2, 4 steps, a new filter and
  seed each time so that the cache never answers; posted, then polled until done), from --clients clients
  at once. --warmup is 500 by default: the resident set rises for the first 500-1000 requests of this cycle
  and then stays level (see BENCHMARKS.md), and the phases are to show whether it keeps growing after that.
  Every answer must be 200. After the warm-up and after each phase, 2 s of quiet, then VmRSS from
  /proc/<pid>/status, the JVM's committed native memory (`jcmd <pid> VM.native_memory summary`) and the
  thread count.
- Configurations (--configs, alternating run by run): "image" (glibc with the CPU image's MALLOC_… settings,
  read from infra/cpu/Dockerfile), "default" (glibc, MALLOC_ARENA_MAX unset: up to 8
  arenas per core, one per thread that allocates while the others are busy), "arena2" (glibc,
  MALLOC_ARENA_MAX=2), "arena1" (glibc, MALLOC_ARENA_MAX=1: one arena for all threads), "jemalloc" (Debian's libjemalloc2 preloaded, LD_PRELOAD, its default settings) and
  "jemalloc-kept" (the same, with MALLOC_CONF keeping freed pages instead of returning them to the kernel).
- Reading it: a leak grows under both configurations; fragmentation across arenas grows only with many
  arenas. The JVM's NMT total staying flat while RSS grows puts the growth in malloc, outside the JVM.

    /usr/bin/python3 bench/native_soak.py [--runs 1] [--clients 2] [--phase 400] [--warmup 500]
                                          [--configs image,arena2,default,arena1,jemalloc,jemalloc-kept]
"""
import argparse
import concurrent.futures as cf
import os
import re
import subprocess
import time

import requests

from service import SCENE, Service, image_allocator, machine

LAYERS = ["1", "3", "5", "15", "29"]
EXPLAIN = [{"method": "gradcam"}, {"method": "guided-backprop", "layer": "relu3_3", "filter": "7"}]
CYCLE = [("features", layer) for layer in LAYERS] + [("predict", None)] + [("explain", e) for e in EXPLAIN] \
    + [("visualize", None)]
VISUALIZE_STEPS = 4
HEAP = ["-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=summary"]
JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:-1,muzzy_decay_ms:-1"
CONFIGS = {"image": image_allocator(), "default": {}, "arena2": {"MALLOC_ARENA_MAX": "2"}, "arena1": {"MALLOC_ARENA_MAX": "1"},
           "jemalloc": {"LD_PRELOAD": JEMALLOC}, "jemalloc-kept": {"LD_PRELOAD": JEMALLOC, "MALLOC_CONF": JEMALLOC_CONF}}
NAMES = {"image": "glibc, as the images set it (" + " ".join("%s=%s" % kv for kv in image_allocator().items()) + ")",
         "default": "glibc default", "arena2": "glibc, MALLOC_ARENA_MAX=2", "arena1": "glibc, MALLOC_ARENA_MAX=1", "jemalloc": "jemalloc 5.3, its defaults",
         "jemalloc-kept": "jemalloc 5.3, freed pages kept (" + JEMALLOC_CONF + ")"}


def jvm_committed_mb(pid):
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
    m = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", out)
    return int(m.group(1)) / 1024 if m else float("nan")


def anon_and_file_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        fields = dict(l.split(":", 1) for l in f if l.startswith(("RssAnon", "RssFile")))
    return int(fields["RssAnon"].split()[0]) / 1024, int(fields["RssFile"].split()[0]) / 1024


def threads(pid):
    with open("/proc/%d/status" % pid) as f:
        return next(int(l.split()[1]) for l in f if l.startswith("Threads:"))


def visualize(app, session, n):
    r = session.post(app.base + "/api/visualizations", timeout=60,
                     json={"layer": "relu1_2", "filter": n % 64, "steps": VISUALIZE_STEPS, "seed": n})
    while r.status_code in (200, 202) and r.json()["status"] in ("queued", "running"):
        time.sleep(0.2)
        r = session.get(app.base + r.json()["href"], timeout=60)
    return r


def requests_through(app, count, clients, offset):
    def client(c):
        with requests.Session() as s:
            for i in range(c, count, clients):
                kind, what = CYCLE[(offset + i) % len(CYCLE)]
                if kind == "features":
                    r = app.post(what, "all", session=s)
                elif kind == "visualize":
                    r = visualize(app, s, offset + i)
                else:
                    r = s.post(app.base + "/api/" + kind, files={"image": ("scene.png", SCENE, "image/png")},
                               data=what or {}, timeout=300)
                if r.status_code != 200 or (kind == "visualize" and r.json()["status"] != "done"):
                    raise SystemExit("request %d: HTTP %d %s" % (i, r.status_code, r.text[:200]))
    with cf.ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))


def soak(name, a):
    with Service(jvm_args=HEAP, allocator=CONFIGS[name]) as app:
        readings = []
        started = time.time()
        done = 0
        for count in [a.warmup] + [a.phase] * 3:
            requests_through(app, count, a.clients, done)
            done += count
            time.sleep(2)
            readings.append((app.rss_mb(), jvm_committed_mb(app.process.pid), threads(app.process.pid),
                             *anon_and_file_mb(app.process.pid)))
        return readings, (time.time() - started) / 60


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--runs", type=int, default=1, help="runs of each configuration, alternating")
    args.add_argument("--clients", type=int, default=2)
    args.add_argument("--phase", type=int, default=400)
    args.add_argument("--warmup", type=int, default=500)
    args.add_argument("--configs", default="image,arena2")
    a = args.parse_args()
    os.environ.pop("LD_PRELOAD", None)

    print("| run | allocator | RSS after warm-up, then each %d-request phase (MB) | total | last phase | "
          "of which anonymous (MB) | file-backed (MB) | JVM native (NMT committed, MB) | threads | minutes |" % a.phase)
    print("|---|---|---|---:|---:|---|---|---|---|---:|")
    for run in range(a.runs):
        for name in a.configs.split(","):
            readings, minutes = soak(name, a)
            rss = [r[0] for r in readings]
            total = (rss[-1] - rss[0]) / rss[0] * 100
            last = (rss[-1] - rss[-2]) / rss[-2] * 100
            print("| %d | %s | %s | %+.1f%% | %+.1f%% | %s | %s | %s | %s | %.1f |" % (
                run + 1, NAMES[name], " → ".join("%.0f" % x for x in rss), total, last,
                " → ".join("%.0f" % r[3] for r in readings), " → ".join("%.0f" % r[4] for r in readings),
                " → ".join("%.0f" % r[1] for r in readings), " → ".join("%d" % r[2] for r in readings), minutes),
                flush=True)
    print()
    print("machine: %s; %d clients" % (machine(), a.clients))


if __name__ == "__main__":
    main()

"""Starting the packaged FeatureLens service for a benchmark, and talking to it."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
SCENE = open(os.path.join(ROOT, "src", "test", "resources", "golden", "scene.png"), "rb").read()
CPU_IMAGE = os.path.join(ROOT, "infra", "cpu", "Dockerfile")


def image_allocator():
    """glibc's malloc settings as the CPU image sets them (its ENV MALLOC_… entries), so that a benchmark
    measures the allocator the service is deployed with."""
    return dict(re.findall(r"\b(MALLOC_[A-Z_]+)=(\S+)", open(CPU_IMAGE).read()))


def with_allocator(env, allocator):
    """A copy of `env` whose glibc malloc settings are exactly `allocator`'s (None: the CPU image's)."""
    result = {k: v for k, v in env.items() if not k.startswith("MALLOC_")}
    result.update(image_allocator() if allocator is None else allocator)
    return result


def add_reference_allocator(parser):
    parser.add_argument("--reference-allocator", choices=("image", "default"), default="image",
                        help="glibc's malloc settings for the PyTorch reference in this process: the CPU image's, as "
                             "the service gets them (default), or glibc's own defaults")


def use_reference_allocator(choice):
    """Runs this script, and so the PyTorch reference in it, under the CPU image's malloc settings or glibc's
    defaults, re-executing it once if its environment says otherwise (glibc reads them only at start). With
    glibc's defaults every pass of either side maps its large tensors afresh and page-faults them in; on this
    machine that alone made the Python loop 4-10x slower, so the reference of record runs with the same
    settings as the service. Returns a description for the report."""
    wanted = {} if choice == "default" else image_allocator()
    if {k: v for k, v in os.environ.items() if k.startswith("MALLOC_")} != wanted:
        os.execve(sys.executable, [sys.executable] + sys.argv, with_allocator(os.environ, wanted))
    return "glibc's defaults" if not wanted else " ".join("%s=%s" % kv for kv in wanted.items())


def machine():
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return "%d cores, %s, %s" % (os.cpu_count(), cpu, time.strftime("%Y-%m-%d"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """`java [jvm_args] -jar target/quarkus-app/quarkus-run.jar` with the demo weights, the CPU image's allocator
    settings and the given settings (environment variables: FEATURELENS_… names, or the allocator's MALLOC_…,
    which replace the image's)."""

    def __init__(self, jvm_args=(), allocator=None, **settings):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.log = tempfile.NamedTemporaryFile(prefix="featurelens-", suffix=".log", delete=False)
        env = with_allocator(os.environ, allocator)
        env.update(FEATURELENS_MODEL_WEIGHTS="demo", QUARKUS_HTTP_PORT=str(self.port), **settings)
        self.started = time.time()
        self.process = subprocess.Popen(["java", *jvm_args, "-jar", JAR], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.ready_seconds = self._wait_ready()

    def _wait_ready(self):
        deadline = time.time() + 180
        while time.time() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.base + "/q/health/ready", timeout=2).status_code == 200:
                    return time.time() - self.started
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.process.kill()
        raise SystemExit("the service did not become ready; see " + self.log.name)

    def post(self, layer, filters="all", image=SCENE, session=None):
        http = session or requests
        return http.post(self.base + "/api/features", files={"image": ("scene.png", image, "image/png")},
                         data={"layer": layer, "filters": filters}, timeout=300)

    def rss_mb(self):
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(30)

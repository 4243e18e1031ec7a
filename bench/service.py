"""Starting the packaged FeatureLens service for a benchmark, and talking to it."""
import os
import socket
import subprocess
import tempfile
import time

import requests

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
SCENE = open(os.path.join(ROOT, "src", "test", "resources", "golden", "scene.png"), "rb").read()


def machine():
    cpu = next((l.split(":")[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return "%d cores, %s, %s" % (os.cpu_count(), cpu, time.strftime("%Y-%m-%d"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """`java [jvm_args] -jar target/quarkus-app/quarkus-run.jar` with the demo weights and the given settings
    (environment variables: FEATURELENS_… names, or the allocator's MALLOC_ARENA_MAX)."""

    def __init__(self, jvm_args=(), **settings):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.log = tempfile.NamedTemporaryFile(prefix="featurelens-", suffix=".log", delete=False)
        env = dict(os.environ, FEATURELENS_MODEL_WEIGHTS="demo", QUARKUS_HTTP_PORT=str(self.port), **settings)
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

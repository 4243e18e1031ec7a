#!/usr/bin/env bash
# Proves that the CPU image starts and serves on a read-only root file system, without Docker: builds the
# service (mvn package), lays the image out with layout.sh (as the Dockerfile does), and runs the
# Dockerfile's ENTRYPOINT with its ENV and WORKDIR through infra/lambda/sandbox.sh (the image and the base
# system read-only, /tmp and the image's VOLUME writable, an unprivileged user; writes elsewhere are tried
# first and must fail). Then waits for the Dockerfile's HEALTHCHECK and sends requests
# (src/test/java/io/featurelens/deploy/ReadOnlyCpuCheck.java). Needs root or unprivileged user namespaces.
# Run by .ci/run after the tests; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/cpu-readonly

mvn -q -B package -DskipTests
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
rm -rf "$work"
java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.featurelens.deploy.ReadOnlyCpuCheck \
    infra/cpu/Dockerfile target/quarkus-app "$work"

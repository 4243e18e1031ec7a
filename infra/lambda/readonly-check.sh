#!/usr/bin/env bash
# Proves that the Lambda image starts and answers on Lambda's file system, read-only but /tmp, without
# Docker: builds the function (mvn package -Plambda), lays the image out with layout.sh (as the
# Dockerfile does), and runs the Dockerfile's ENTRYPOINT and CMD with its ENV and WORKDIR through
# sandbox.sh (the image and the base system read-only, /tmp writable, an unprivileged user; writes to the
# application and home directories are tried first and must fail), via AWS's Runtime Interface Client
# against Quarkus's mock runtime API on loopback. Then invokes it: relu1_2's 64 maps must match the
# goldens, once with the weights baked in, once with them read from S3 (S3Proxy) at initialisation, and
# /tmp must hold only what belongs there (src/test/java/io/featurelens/deploy/ReadOnlyLambdaCheck.java).
# Needs root or unprivileged user namespaces (unshare). Run by .ci/run after the tests; exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=target/lambda-readonly

mvn -q -B package -Plambda -DskipTests
mvn -q -B -f infra/lambda/runtime-client/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/target/runtime-client"
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
rm -rf "$work"
java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.featurelens.deploy.ReadOnlyLambdaCheck \
    infra/lambda/Dockerfile target/function.zip target/runtime-client "$work"

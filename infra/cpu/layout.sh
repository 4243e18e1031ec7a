#!/bin/sh
# Lays out the CPU image's files under <root>, from <inputs>/quarkus-app (mvn package): the application
# under /app, libtorch unpacked under /opt/libtorch (../libtorch.sh), and the mount point of the cache
# volume. infra/cpu/Dockerfile runs it at image build, infra/cpu/readonly-check.sh on this machine.
#
#   layout.sh <inputs> <root>
set -eu
inputs=$1
root=$2

mkdir -p "$root/app" "$root/var/cache/featurelens"
cp -R "$inputs/quarkus-app/." "$root/app/"
sh "$(dirname "$0")/../libtorch.sh" "$root/app/lib/main" "$root/opt/libtorch"
# Readable by all, writable by none but root: the service runs as an unprivileged user.
chmod -R a+rX,go-w "$root/app" "$root/opt"

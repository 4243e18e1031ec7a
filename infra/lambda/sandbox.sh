#!/usr/bin/env bash
# Runs a command the way Lambda runs a container image's entry point, on a machine without Docker: in a
# new root made of the image's files (laid out by layout.sh) and this machine's base system (/usr and
# /etc: Debian 12 with OpenJDK 17, the image's base), all read-only; /tmp is the one writable place; the
# process runs as an unprivileged user, in the environment and working directory it is given; the image's
# volumes, if SANDBOX_VOLUMES names them, are writable too. Before the
# command starts, writes to the working directory, the home directories and / are tried and must fail.
# Used by readonly-check.sh and infra/cpu/readonly-check.sh.
#
#   sandbox.sh <image root> <scratch dir> <working dir> <command>...
#
# <scratch dir>/tmp becomes /tmp (its contents stay for inspection), <scratch dir>/root is the mount
# point of the new root. Run as root, it uses a mount namespace and then the user nobody (setpriv);
# otherwise a user namespace in which it is root over read-only mounts.
set -euo pipefail
image=$(realpath "$1")
scratch=$(realpath "$2")
workdir=$3
shift 3

if [ -z "${FEATURELENS_SANDBOX:-}" ]; then
    mkdir -p "$scratch/tmp" "$scratch/root"
    chmod 1777 "$scratch/tmp"
    if [ "$(id -u)" = 0 ]; then
        exec env FEATURELENS_SANDBOX=root unshare --mount --fork --kill-child "$0" "$image" "$scratch" "$workdir" "$@"
    fi
    exec env FEATURELENS_SANDBOX=user unshare --user --map-root-user --mount --fork --kill-child "$0" "$image" "$scratch" "$workdir" "$@"
fi
mode=$FEATURELENS_SANDBOX
unset FEATURELENS_SANDBOX

new=$scratch/root
mount --make-rprivate /
mount -t tmpfs -o mode=0755 sandbox "$new"

# The base system, read-only.
for entry in /*; do
    name=${entry#/}
    if [ -L "$entry" ]; then
        ln -s "$(readlink "$entry")" "$new/$name"
        continue
    fi
    case $name in
        usr | etc)
            mkdir "$new/$name"
            mount --bind -o ro "$entry" "$new/$name"
            ;;
        proc | sys)
            mkdir "$new/$name"
            mount --rbind "$entry" "$new/$name"
            ;;
    esac
done
# Device nodes the JVM uses, nothing else of /dev (no /dev/shm).
mkdir "$new/dev"
mount -t tmpfs -o mode=0755 dev "$new/dev"
for node in null zero full random urandom tty; do
    touch "$new/dev/$node"
    mount --bind "/dev/$node" "$new/dev/$node"
done
ln -s /proc/self/fd "$new/dev/fd"
mount -o remount,bind,ro "$new/dev"
mkdir "$new/tmp"
mount --bind "$scratch/tmp" "$new/tmp"

# The image's own directories, read-only.
for entry in "$image"/*; do
    name=$(basename "$entry")
    if [ -e "$new/$name" ]; then
        echo "sandbox: the image's /$name would hide the base system's" >&2
        exit 1
    fi
    mkdir "$new/$name"
    mount --bind -o ro "$entry" "$new/$name"
done
# The volumes an image declares (SANDBOX_VOLUMES, absolute paths, space-separated; mount points that the
# image has), writable, from <scratch dir>/volumes.
for volume in ${SANDBOX_VOLUMES:-}; do
    mkdir -p "$scratch/volumes$volume"
    chmod 1777 "$scratch/volumes$volume"
    mount --bind "$scratch/volumes$volume" "$new$volume"
done
unset SANDBOX_VOLUMES
mount -o remount,bind,ro "$new"

as=()
if [ "$mode" = root ]; then
    as=(setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs)
fi
run() {
    chroot "$new" "${as[@]}" "$@"
}

user_home=$(run sh -c 'getent passwd "$(id -u)" | cut -d: -f6')
for dir in "$workdir" "$user_home" ${HOME:+"$HOME"} /opt /var /; do
    if error=$(run sh -c 'mkdir -p "$1" && : > "$1/.sandbox-probe"' probe "$dir" 2>&1); then
        echo "sandbox: $dir is writable by $(run id -un); Lambda's is not" >&2
        exit 1
    fi
    echo "sandbox: as $(run id -un), writing to $dir fails: ${error##*: }"
done
if ! run sh -c ': > /tmp/.sandbox-probe && rm /tmp/.sandbox-probe'; then
    echo "sandbox: /tmp is not writable" >&2
    exit 1
fi

exec chroot "$new" "${as[@]}" env --chdir="$workdir" -- "$@"

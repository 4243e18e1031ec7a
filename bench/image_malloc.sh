# Sourced by the bench scripts that start a JVM themselves: exports glibc's malloc settings as the CPU image sets
# them (its ENV MALLOC_… entries), unless MALLOC_SETTINGS=own, which keeps the calling shell's. Run from the
# repository's root.
if [ "${MALLOC_SETTINGS:-image}" = image ]; then
    for setting in $(grep -o 'MALLOC_[A-Z_]*=[0-9]*' infra/cpu/Dockerfile); do export "$setting"; done
fi

#!/usr/bin/env bash
# Makes the base image the container tests build on (Docker Hub is not reachable here):
# debootstrap minbase bookworm, cached as a tarball outside the repo, imported into Docker.
# Idempotent: a cached tarball and an existing image make it a no-op.
set -euo pipefail
IMAGE=${BOSUN_BASE_IMAGE:-bosun-test/bookworm:minbase}
CACHE_DIR=${BOSUN_CACHE_DIR:-/var/cache/bosun}
TARBALL="$CACHE_DIR/bookworm-minbase.tar"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then exit 0; fi

if ! [ -s "$TARBALL" ]; then
  # The mirror apt uses on this machine (deb822 or one-line sources).
  mirror=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | grep -v security | head -1 | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//; s/[[:space:]].*$//' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "base-image: debootstrap bookworm from $mirror"
  mkdir -p "$CACHE_DIR"
  root=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$CACHE_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE_DIR/debootstrap.log" >&2; exit 1; }
  # Point apt inside the image at the same mirror.
  echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -cf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
fi
echo "base-image: importing $IMAGE"
docker import "$TARBALL" "$IMAGE" >/dev/null

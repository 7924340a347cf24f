#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet.
#
#   scripts/ensure-debian-packages.sh bubblewrap [pkg…]
#
# Idempotent and fast: when every package is already installed it only asks dpkg and exits 0
# (no apt-get, no network). Otherwise it runs `apt-get update` once and installs the missing ones
# non-interactively. Exits 1 with a message saying what to install when it cannot (not root, no
# apt-get, package unknown or download failed). Progress goes to stderr.
set -euo pipefail

log() { echo "ensure-debian-packages: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$#" -gt 0 ] || die "usage: $0 PACKAGE…"

installed() {
  # `install ok installed` only: a removed package leaves `deinstall ok config-files` behind.
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for pkg in "$@"; do
  installed "$pkg" || missing+=("$pkg")
done
[ "${#missing[@]}" -gt 0 ] || exit 0

want="${missing[*]}"
command -v apt-get >/dev/null 2>&1 || die "missing: $want; no apt-get here: install them with the system's package manager"
[ "$(id -u)" -eq 0 ] || die "missing: $want; not root: run 'sudo apt-get install $want'"

log "installing $want (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || die "apt-get update failed: cannot install $want"
apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}" >&2 ||
  die "apt-get install $want failed"

for pkg in "${missing[@]}"; do
  installed "$pkg" || die "$pkg is still not installed after apt-get install"
done
log "installed $want"

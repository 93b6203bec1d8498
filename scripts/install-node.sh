#!/usr/bin/env bash
# Makes sure Node.js >= 20 is available for the test FHIR server (tests/fhir_server, Medplum's packages),
# then installs its pinned npm packages with `npm ci`. Debian 12's own nodejs is 18, too old: when no
# suitable node is on PATH, the official Node.js build (NODE_VERSION) is unpacked into .venv/node after
# checking it against the release's SHASUMS256.txt. Usage: scripts/install-node.sh VENV_DIR
set -euo pipefail

NODE_VERSION=v22.12.0
venv=${1:-.venv}
here=$(cd "$(dirname "$0")/.." && pwd)

node_major() { "$1" --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

node=$(command -v node || true)
if [ -x "$venv/node/bin/node" ]; then node="$venv/node/bin/node"; fi
if [ -z "$node" ] || [ "$(node_major "$node")" -lt 20 ]; then
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "setup: no Node.js build for $(uname -m); install Node.js >= 20" >&2; exit 1 ;; esac
  name="node-$NODE_VERSION-linux-$arch"
  echo "setup: installing Node.js $NODE_VERSION into $venv/node"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  curl -fsSL "https://nodejs.org/dist/$NODE_VERSION/$name.tar.xz" -o "$tmp/$name.tar.xz"
  curl -fsSL "https://nodejs.org/dist/$NODE_VERSION/SHASUMS256.txt" -o "$tmp/SHASUMS256.txt"
  (cd "$tmp" && grep " $name.tar.xz\$" SHASUMS256.txt | sha256sum -c --quiet -)
  rm -rf "$venv/node" && mkdir -p "$venv/node"
  tar -xJf "$tmp/$name.tar.xz" -C "$venv/node" --strip-components=1
  node="$venv/node/bin/node"
fi
export PATH="$(dirname "$node"):$PATH"
cd "$here/tests/fhir_server"
if [ ! -d node_modules/@medplum/fhir-router ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi

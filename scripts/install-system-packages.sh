#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet.
# Needs root (or passwordless sudo); otherwise it prints what to install and carries on, so a
# developer without root can still run the parts that do not need them.
set -euo pipefail

command -v dpkg-query >/dev/null || { echo "setup: not a Debian/Ubuntu system; install the packages in README.md by hand" >&2; exit 0; }

missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# A fresh Debian's python3 cannot make a venv without python3-venv.
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "setup: these Debian packages are missing and I am not root: ${missing[*]}" >&2
  echo "setup: run  sudo apt-get install ${missing[*]}  then run make again" >&2
  exit 0
fi
echo "setup: installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

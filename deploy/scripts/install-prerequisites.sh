#!/usr/bin/env bash
# Installs what the platform and its tests need on a Debian machine with the .NET SDK; safe to re-run.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v runuser >/dev/null 2>&1 || need+=(util-linux)
# The scripts pick free ports and make secrets with python3, and probe the gateway with curl.
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v curl >/dev/null 2>&1 || need+=(curl)
# Site adapters: jobs run Debian's PyNN on Brian2 with the system interpreter (never a pyenv or venv one),
# SpiNNaker's extra set-up makes job-local virtual environments and clones git repositories,
# and bubblewrap takes the network away from job scripts.
/usr/bin/python3 -c "import pyNN, brian2" >/dev/null 2>&1 || need+=(python3-pynn python3-brian)
/usr/bin/python3 -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
command -v git >/dev/null 2>&1 || need+=(git)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v make >/dev/null 2>&1 || need+=(make)
# The e-mail tests send to a real SMTP server on loopback: aiosmtpd with its Mailbox handler.
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || need+=(python3-aiosmtpd)
# The Job Manager's browser tests drive Debian's Chromium with Playwright (never a downloaded browser).
[ -x /usr/bin/chromium ] || need+=(chromium)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  # The Debian package starts a system cluster; the platform runs its own private one.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do
      pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
    done
  fi
fi

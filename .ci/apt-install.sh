#!/usr/bin/env bash
# Installs Debian packages without a prompt: as root directly, otherwise through passwordless sudo (sudo -n fails
# at once rather than waiting for a password nobody will type). One `apt-get update` serves every package asked for.
#   .ci/apt-install.sh postgresql chromium python3-aiosmtpd
set -euo pipefail
[ "$#" -gt 0 ] || exit 0
if [ "$(id -u)" -eq 0 ]; then as_root=(env); else as_root=(sudo -n env); fi
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null

# shellcheck shell=bash
# Shared by the compose scripts (portable bash 3.2).

# The first Debian mirror the system's apt already uses (deb822 or one-line sources).
debian_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}')
  [ -n "$uri" ] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" && $2 ~ /debian\/?$/ {print $2; exit}')
  uri=${uri:-${DEBIAN_MIRROR:-}}
  [ -n "$uri" ] || { echo "No Debian mirror in the apt sources: set DEBIAN_MIRROR to one." >&2; return 1; }
  echo "$uri"
}

# A Python 3.11 (Debian bookworm's) with moto 5.2.1 installed: its path, or failure.
moto_python() {
  local candidate
  for candidate in python3.11 python3; do
    if "$candidate" -c 'import sys, moto, packaging; assert sys.version_info[:2] == (3, 11); assert moto.__version__ == "5.2.1"' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

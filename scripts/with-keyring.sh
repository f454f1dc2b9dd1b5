#!/usr/bin/env bash
# Runs a command with a real Secret Service (GNOME Keyring) on a headless Linux machine:
#   scripts/with-keyring.sh npm test
# It starts a private D-Bus session, creates a throwaway keyring unlocked with a fixed password, and
# waits until the keyring owns its bus name, so the first keychain call cannot race the daemon.
set -euo pipefail
if [ -z "${GEMGATE_IN_KEYRING_SESSION:-}" ]; then
  export GEMGATE_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
printf 'throwaway-keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
exec "$@"

#!/usr/bin/env bash
# Run a command inside a private D-Bus session whose Secret Service is a fresh, unlocked
# gnome-keyring (its files in a temporary folder), so keychain code is tested for real
# without touching the user's own keyring. Usage: scripts/with-keyring.sh CMD [ARGS...]
set -euo pipefail
if [ -z "${KUBELI_KEYRING_READY:-}" ]; then
  command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null \
    || { echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (make setup)" >&2; exit 1; }
  exec dbus-run-session -- env KUBELI_KEYRING_READY=1 "$0" "$@"
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export XDG_DATA_HOME="$data"
# Creates the login keyring with this password and unlocks it; the daemon ends with the bus.
printf %s "kubeli-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
# The daemon claims the Secret Service's bus name after it returns: a client that asks sooner
# makes D-Bus start a second daemon, with no unlocked keyring ("no result found", seen in a CI
# run). Wait for the name to be owned (asking does not start anything), up to 10 s.
# (The answer is read whole: `grep -q` in a pipe could end dbus-send early, which pipefail counts.)
for _ in $(seq 100); do
  owned=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null || true)
  [[ $owned == *"boolean true"* ]] && break
  sleep 0.1
done
"$@"

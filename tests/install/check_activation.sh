#!/usr/bin/env bash
# tst_activation: the desktop starts the app by D-Bus activation (DBusActivatable=true): on a
# private session bus that reads the installed service files, asking for the name
# io.github.taskrunner.TaskRunner starts the installed taskrunner, which claims it; then it is
# ended with SIGTERM as a session's end would.
#   check_activation.sh BUILD_DIR SOURCE_DIR
# Exits 77 (skipped) for an app built without its D-Bus service: it never claims the name.
set -euo pipefail
trap 'echo "FAIL: check_activation.sh line $LINENO: $BASH_COMMAND" >&2' ERR
build=$1
id=io.github.taskrunner.TaskRunner
for tool in dbus-daemon dbus-send; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed (Debian package dbus-daemon)" >&2; exit 1; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tst_activation.XXXXXX")
daemon=
app_pid=
cleanup() {
    [[ -n $app_pid ]] && kill -KILL "$app_pid" 2>/dev/null
    [[ -n $daemon ]] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT
# Installed under a prefix of its own: the service file names $prefix/bin/taskrunner.
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >"$scratch/install.log" \
    || { cat "$scratch/install.log" >&2; exit 1; }
app=$prefix/bin/taskrunner
if ! LC_ALL=C grep -qaF 'org.freedesktop.Application' "$app"; then
    echo "SKIP: this taskrunner has no D-Bus service (org.freedesktop.Application): nothing claims $id"
    exit 77
fi

export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config XDG_DATA_HOME=$scratch/home/.local/share
export XDG_RUNTIME_DIR=$scratch/runtime QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cat >"$scratch/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$scratch/bus</listen>
  <servicedir>$prefix/share/dbus-1/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <limit name="service_start_timeout">30000</limit>
</busconfig>
CONF
dbus-daemon --config-file="$scratch/bus.conf" --nofork --print-address=1 >"$scratch/address" &
daemon=$!
for _ in $(seq 100); do
    [[ -s $scratch/address ]] && break
    sleep 0.1
done
export DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$scratch/address")
bus() {
    dbus-send --session --print-reply=literal --reply-timeout=40000 --dest=org.freedesktop.DBus \
        /org/freedesktop/DBus "org.freedesktop.DBus.$1" "${@:2}"
}

started=$(bus StartServiceByName "string:$id" uint32:0 2>&1) \
    || { echo "FAIL: activating $id: $started" >&2; exit 1; }
# 1: started now (2 would be: already running - it cannot be, on a new bus)
[[ $started == *"uint32 1"* ]] || { echo "FAIL: StartServiceByName said '$started'" >&2; exit 1; }
app_pid=$(bus GetConnectionUnixProcessID "string:$id" | awk '{ print $2 }')
exe=$(readlink "/proc/$app_pid/exe")
[[ $exe == "$app" ]] || { echo "FAIL: $id is owned by $exe, not $app" >&2; exit 1; }

kill -TERM "$app_pid"
for _ in $(seq 200); do
    [[ -d /proc/$app_pid && $(awk '{ print $3 }' "/proc/$app_pid/stat" 2>/dev/null) != Z ]] || break
    sleep 0.1
done
if [[ -d /proc/$app_pid && $(awk '{ print $3 }' "/proc/$app_pid/stat" 2>/dev/null) != Z ]]; then
    echo "FAIL: the activated taskrunner did not end within 20 s of SIGTERM" >&2
    exit 1
fi
app_pid=
echo "D-Bus activation of $id started $app and it ended on SIGTERM"

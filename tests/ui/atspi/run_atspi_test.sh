#!/usr/bin/env bash
# The external automation test: the real desktop app under a private Xvfb, with a private D-Bus
# session and AT-SPI bus, driven by drive_taskrunner.py through pyatspi as a tester's tool would.
#   run_atspi_test.sh path/to/taskrunner
# Exits 77 (skipped, saying why) only when a tool it needs is not installed; .ci/setup.sh
# installs them all. Everything it starts - X server, buses, the app - it stops again, and its
# HOME and XDG directories are its own, removed at the end.
set -uo pipefail
app=${1:?usage: run_atspi_test.sh path/to/taskrunner}
here=$(cd "${0%/*}" && pwd)

skip() {
    echo "SKIP: $*"
    exit 77
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

python=
for candidate in /usr/bin/python3 python3; do
    # The distribution's python has the distribution's pyatspi; another one on PATH may not.
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import pyatspi' 2>/dev/null; then
        python=$(command -v "$candidate")
        break
    fi
done
[[ -n $python ]] || skip "python3-pyatspi is not installed (apt-get install python3-pyatspi)"
command -v Xvfb >/dev/null || skip "Xvfb is not installed (apt-get install xvfb)"
command -v dbus-run-session >/dev/null || skip "dbus-run-session is not installed (apt-get install dbus-daemon)"
launcher=
for dir in /usr/libexec /usr/lib/at-spi2-core /usr/lib/x86_64-linux-gnu/at-spi2-core; do
    [[ -x $dir/at-spi-bus-launcher ]] && launcher=$dir/at-spi-bus-launcher && break
done
[[ -n $launcher ]] || skip "at-spi2-core is not installed (apt-get install at-spi2-core)"
[[ -x $app ]] || fail "no app at $app"

work=$(mktemp -d "${TMPDIR:-/tmp}/taskrunner-atspi.XXXXXX")
xvfb_pid=
session_pid=
cleanup() {
    # The session ran in a process group of its own (setsid): whatever is left of it goes -
    # the buses, the registry, the app if the driver could not stop it.
    if [[ -n $session_pid ]]; then
        kill -TERM -- "-$session_pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 -- "-$session_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$session_pid" 2>/dev/null
    fi
    if [[ -n $xvfb_pid ]]; then
        kill -TERM "$xvfb_pid" 2>/dev/null
        wait "$xvfb_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free display, chosen by the server itself: -displayfd writes its number once it is ready.
# -noreset: by default the server resets when its last client leaves - the AT-SPI bus launcher
# connects and leaves early - and a client connecting meanwhile (the app) is refused.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"$work/display" \
    2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 600); do
    [[ -s $work/display ]] && break
    kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
    sleep 0.1
done
[[ -s $work/display ]] || fail "Xvfb did not say which display it took"
display=:$(head -n1 "$work/display")
echo "Xvfb on display $display"

mkdir -p "$work"/{home,config,data,cache,state,runtime}
chmod 700 "$work/runtime"

# Inside the session: the AT-SPI bus up first (its launcher registers org.a11y.Bus on the
# session bus; the registry daemon is started on the AT-SPI bus when first asked for), then
# the driver, which starts the app and stops it.
inner='
    "$ATSPI_LAUNCHER" --launch-immediately &
    for _ in $(seq 300); do
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus 2>/dev/null \
            | grep -q "boolean true" && break
        sleep 0.1
    done
    "$ATSPI_PYTHON" "$ATSPI_DRIVER" "$ATSPI_APP"
'
env -i PATH="$PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8 DISPLAY="$display" \
    HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" XDG_RUNTIME_DIR="$work/runtime" \
    QT_QPA_PLATFORM=xcb QT_ACCESSIBILITY=1 QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 \
    ATSPI_LAUNCHER="$launcher" ATSPI_PYTHON="$python" ATSPI_DRIVER="$here/drive_taskrunner.py" \
    ATSPI_APP="$(cd "$(dirname "$app")" && pwd)/$(basename "$app")" \
    setsid dbus-run-session -- bash -c "$inner" &
session_pid=$!
wait "$session_pid"
status=$?
echo "driver exited with $status"
if ((status != 0)); then
    kill -0 "$xvfb_pid" 2>/dev/null || echo "Xvfb ended before the test did"
    echo "X sockets: $(ls /tmp/.X11-unix 2>&1); X locks: $(ls /tmp/.X*-lock 2>&1)"
    grep -a X11 /proc/net/unix | head -5
    echo "Xvfb's log:"
    cat "$work/xvfb.log"
fi
exit "$status"

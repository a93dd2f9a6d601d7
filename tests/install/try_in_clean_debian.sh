#!/usr/bin/env bash
# By hand, not in CI (it needs root, debootstrap and the network, and takes minutes): installs a
# package into a fresh minimal Debian 12 made with debootstrap, as a user would with apt, runs the
# installed programs there, purges it and checks that autoremove leaves the root as it was.
#   sudo tests/install/try_in_clean_debian.sh build/package/taskrunner_0.1.0_amd64.deb [ROOT]
# ROOT (default: a new temporary directory) is kept, so that a second try skips debootstrap.
# With DISPLAY set, the desktop app is also started on that display for a few seconds.
set -euo pipefail
deb=$(realpath "$1")
root=${2:-$(mktemp -d /tmp/clean-debian.XXXXXX)}
mirror=http://deb.debian.org/debian

if [[ ! -x $root/usr/bin/apt-get ]]; then
    debootstrap --variant=minbase bookworm "$root" "$mirror"
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s-security bookworm-security main\n' \
        "$mirror" "$mirror" "$mirror" >"$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mounted=("$root/proc")
if [[ -n ${DISPLAY:-} && -d /tmp/.X11-unix ]]; then
    mkdir -p "$root/tmp/.X11-unix"
    mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
    mounted+=("$root/tmp/.X11-unix")
fi
cleanup() {
    for m in "${mounted[@]}"; do umount "$m" || true; done
}
trap cleanup EXIT
cp "$deb" "$root/tmp/taskrunner.deb"

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    HOME=/tmp/home XDG_RUNTIME_DIR=/tmp/runtime LC_ALL=C.UTF-8 DISPLAY="${DISPLAY:-}" "$@"; }
in_root apt-get update -qq
in_root apt-get upgrade -y -qq >/dev/null
before=$(in_root dpkg-query -W -f='${Package}\n' | sort)
in_root apt-get install -y -o Dpkg::Use-Pty=0 /tmp/taskrunner.deb | grep -E 'newly installed|After this'
in_root sh -c 'mkdir -p -m 700 "$HOME" "$XDG_RUNTIME_DIR"'
in_root taskrunner-cli --version
[[ $(in_root taskrunner-cli run -- echo ok) == ok ]]
in_root env QT_QPA_PLATFORM=offscreen taskrunner --version
if [[ -n ${DISPLAY:-} ]]; then
    # Ended by the timeout's SIGTERM, on which the app exits 128 + 15 after stopping its runs.
    status=0
    in_root timeout 5 taskrunner || status=$?
    ((status == 124)) || { echo "taskrunner on $DISPLAY exited $status before 5 s" >&2; exit 1; }
    echo "taskrunner ran on $DISPLAY for 5 s"
fi
in_root apt-get purge -y -qq taskrunner >/dev/null
in_root apt-get autoremove -y -qq --purge >/dev/null
after=$(in_root dpkg-query -W -f='${Package}\n' | sort)
[[ $before == "$after" ]] || { echo "packages left after purge and autoremove:" >&2; diff <(echo "$before") <(echo "$after") >&2; exit 1; }
echo "installed, ran and removed cleanly in $root"

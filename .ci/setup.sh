#!/usr/bin/env bash
# Sets up taskrunner on Debian 12 from a fresh clone, then runs it or tests it.
#   bash .ci/setup.sh run    install what is missing, build, launch the desktop app
#   bash .ci/setup.sh test   install what is missing, build, run the whole suite (ctest),
#                            install the Debian package it made, run it and purge it,
#                            then again under AddressSanitizer + UndefinedBehaviorSanitizer
# Packages are installed with apt-get as root (through sudo when run as a user).
set -euo pipefail
mode=${1:-run}
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ qt6-base-dev libqt6sql6-sqlite libgl-dev procps perl util-linux)
# the fuzz target; a display to lose; a private session bus for tst_systemdscope and the D-Bus
# suites (tst_dbusinterface, tst_runnotifier, tst_desktopbus)
[[ $mode == test ]] && packages+=(clang libclang-rt-14-dev xvfb dbus-daemon)
# the external automation test: the app driven through AT-SPI (tests/ui/atspi)
[[ $mode == test ]] && packages+=(python3-pyatspi at-spi2-core dbus-bin)
# Qt draws the window icon and the actions' bundled icons, SVGs, with the plugins of libqt6svg6
packages+=(libqt6svg6)
# The run pane's resource charts and the task trends are drawn with Qt Charts.
# (its CMake package needs Qt6OpenGL's, which Debian ships apart and qt6-charts-dev does not pull)
packages+=(qt6-charts-dev libqt6opengl6-dev)
# tst_usagesampling's task that fills 200 MiB is a python3 one-liner
[[ $mode == test ]] && packages+=(python3)
# Schedules' tests compute fire times across Europe/Berlin's DST changes (tst_cron, tst_scheduler).
packages+=(tzdata)
# the install tree's validators and man pages, the Debian package (tst_install, tst_package)
[[ $mode == test ]] && packages+=(desktop-file-utils appstream groff-base dpkg-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    as_root=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null || { echo "Run as root: apt-get must install ${missing[*]}" >&2; exit 1; }
        as_root=(sudo)
    fi
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs=2
case $mode in
run)
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTASKRUNNER_BUILD_TESTS=OFF
    cmake --build build -j "$jobs"
    if [[ -x build/app/taskrunner ]]; then
        exec build/app/taskrunner
    fi
    exec build/app/taskrunner-cli --help
    ;;
test)
    # Warnings are errors here, as in CI.
    cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTASKRUNNER_WERROR=ON
    cmake --build build-ci -j "$jobs"
    (cd build-ci && ctest --output-on-failure -j 1 -E '^bench_')
    # The package tst_package made, installed with apt as a user would, its programs run from
    # /usr/bin, then purged. Never over a taskrunner already installed on this machine.
    if dpkg-query -W -f='${Status}' taskrunner 2>/dev/null | grep -q "install ok installed"; then
        echo "A taskrunner package is installed here already: not installing the new one over it"
    else
        root=()
        [[ $(id -u) != 0 ]] && root=(sudo)
        deb=$(ls build-ci/package/taskrunner_*.deb)
        DEBIAN_FRONTEND=noninteractive "${root[@]}" apt-get install -y -qq -o Dpkg::Use-Pty=0 \
            --no-install-recommends "./$deb"
        scratch_home=$(mktemp -d)
        installed=0
        { HOME=$scratch_home /usr/bin/taskrunner-cli --version \
            && HOME=$scratch_home QT_QPA_PLATFORM=offscreen /usr/bin/taskrunner --version \
            && [[ $(HOME=$scratch_home /usr/bin/taskrunner-cli run --no-history -- echo ok) == ok ]]; } \
            || installed=$?
        rm -rf "$scratch_home"
        DEBIAN_FRONTEND=noninteractive "${root[@]}" apt-get purge -y -qq -o Dpkg::Use-Pty=0 taskrunner
        ((installed == 0)) || { echo "The installed package failed (see above)" >&2; exit 1; }
        echo "The package installed, ran from /usr/bin and was purged"
    fi
    # The engine and the CLI alone, as without Qt Widgets: no include may cross into the GUI;
    # and without Qt D-Bus, which leaves out the systemd scope ("not built with D-Bus").
    cmake -S . -B build-core -G Ninja -DCMAKE_BUILD_TYPE=Release -DTASKRUNNER_WERROR=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_Qt6Widgets=ON -DCMAKE_DISABLE_FIND_PACKAGE_Qt6Test=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_Qt6DBus=ON
    cmake --build build-core -j "$jobs"
    # The parser's fuzz target, built with clang and run briefly: it must find nothing.
    CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DTASKRUNNER_BUILD_TESTS=OFF -DTASKRUNNER_FUZZ=ON
    cmake --build build-fuzz -j "$jobs" --target fuzz_terminallineparser
    mkdir -p build-fuzz/corpus
    build-fuzz/tests/fuzz/fuzz_terminallineparser -max_total_time=30 -max_len=4096 \
        -print_final_stats=1 build-fuzz/corpus
    # Last, so that the run ends on ctest's summary.
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTASKRUNNER_WERROR=ON \
        -DTASKRUNNER_SANITIZE=ON
    cmake --build build-asan -j "$jobs"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j 1 -E '^bench_')
    ;;
*)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# tst_install: `cmake --install` into a scratch DESTDIR with prefix /usr puts exactly the
# expected files in their places, the freedesktop files pass their validators, and the
# installed programs work from there - the CLI finding the installed guardian beside it.
#   check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
trap 'echo "FAIL: check_install.sh line $LINENO: $BASH_COMMAND" >&2' ERR
build=$1
source=$2
id=io.github.taskrunner.TaskRunner

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tst_install.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
root=$scratch/root
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
need() {
    command -v "$1" >/dev/null || { echo "FAIL: $1 is needed (Debian package $2)" >&2; exit 1; }
}
need desktop-file-validate desktop-file-utils
need appstreamcli appstream

DESTDIR=$root cmake --install "$build" --prefix /usr >"$scratch/install.log" \
    || { cat "$scratch/install.log" >&2; exit 1; }

# Exactly the expected files: none missing, none extra (no test program, no helper).
(cd "$root" && find . -type f -o -type l | sed 's|^\./||' | LC_ALL=C sort) >"$scratch/files.txt"
if ! diff -u "$source/tests/install/expected-files.txt" "$scratch/files.txt"; then
    fail "the install tree differs from tests/install/expected-files.txt (- expected, + installed)"
fi

for program in taskrunner taskrunner-cli taskrunner-guardian; do
    [[ -x $root/usr/bin/$program ]] || fail "usr/bin/$program is not executable"
done

# Each PNG is the size of the folder it is in (the width and height in its IHDR chunk).
for size in 16 32 48 64 128 256; do
    png=$root/usr/share/icons/hicolor/${size}x${size}/apps/$id.png
    [[ -f $png ]] || continue
    hex=$(od -An -tx1 -N24 "$png" | tr -d ' \n')
    signature=${hex:0:16} width=${hex:32:8} height=${hex:40:8}
    [[ $signature == 89504e470d0a1a0a ]] || fail "$png is not a PNG"
    ((16#$width == size && 16#$height == size)) \
        || fail "$png is $((16#$width))x$((16#$height)), not ${size}x$size"
done

desktop=$root/usr/share/applications/$id.desktop
if [[ -f $desktop ]]; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate refused $id.desktop"
    # Its name is the D-Bus name it is activated by; the actions the GUI takes on its command line.
    grep -qx 'DBusActivatable=true' "$desktop" || fail "$id.desktop is not DBusActivatable"
    grep -qx "Icon=$id" "$desktop" || fail "$id.desktop does not name the icon $id"
    grep -qx 'Actions=new-task;quick-run;' "$desktop" || fail "$id.desktop lacks its actions"
    grep -qx 'Exec=taskrunner --new-task' "$desktop" || fail "new-task has no Exec fallback"
    grep -qx 'Exec=taskrunner --quick-run' "$desktop" || fail "quick-run has no Exec fallback"
fi
metainfo=$root/usr/share/metainfo/$id.metainfo.xml
if [[ -f $metainfo ]]; then
    # Warnings fail too (only pedantic hints pass); --no-net: the screenshot is not fetched.
    appstreamcli validate --no-net "$metainfo" || fail "appstreamcli refused $id.metainfo.xml"
fi
service=$root/usr/share/dbus-1/services/$id.service
if [[ -f $service ]]; then
    grep -qx "Name=$id" "$service" || fail "$id.service does not claim $id"
    grep -qx 'Exec=/usr/bin/taskrunner' "$service" || fail "$id.service does not start /usr/bin/taskrunner"
fi

# The man pages render without a complaint from groff.
for page in taskrunner taskrunner-cli taskrunner-guardian; do
    file=$root/usr/share/man/man1/$page.1.gz
    [[ -f $file ]] || continue
    warnings=$(gzip -dc "$file" | LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z 2>&1)
    [[ -z $warnings ]] || fail "man page $page.1: $warnings"
done

# The completions parse in each shell present here.
bash -n "$root/usr/share/bash-completion/completions/taskrunner-cli" || fail "bash completion"
if command -v zsh >/dev/null; then
    zsh -n "$root/usr/share/zsh/vendor-completions/_taskrunner-cli" || fail "zsh completion"
fi
if command -v fish >/dev/null; then
    fish -n "$root/usr/share/fish/vendor_completions.d/taskrunner-cli.fish" || fail "fish completion"
fi

# The installed programs work from the install tree, in a home of their own.
export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config XDG_DATA_HOME=$scratch/home/.local/share
export XDG_RUNTIME_DIR=$scratch/runtime QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8

# Every option `taskrunner --help` lists is in its man page (there as \-\-name).
page=$(gzip -dc "$root/usr/share/man/man1/taskrunner.1.gz")
options=$("$root/usr/bin/taskrunner" --help | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+')
[[ -n $options ]] || fail "taskrunner --help lists no options"
for option in $options; do
    grep -qF -- "${option//-/\\-}" <<<"$page" || fail "taskrunner.1 does not describe $option"
done
# And every option of `taskrunner-cli watch --help` in taskrunner-cli.1.
page=$(gzip -dc "$root/usr/share/man/man1/taskrunner-cli.1.gz")
options=$("$root/usr/bin/taskrunner-cli" watch --help | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+')
[[ -n $options ]] || fail "taskrunner-cli watch --help lists no options"
for option in $options; do
    grep -qF -- "${option//-/\\-}" <<<"$page" || fail "taskrunner-cli.1 does not describe watch $option"
done
unset TASKRUNNER_GUARDIAN
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
version=$(grep -m1 -oE 'VERSION [0-9]+\.[0-9]+\.[0-9]+' "$source/CMakeLists.txt" | cut -d' ' -f2)
out=$("$root/usr/bin/taskrunner-cli" --version) || fail "taskrunner-cli --version failed"
[[ $out == "taskrunner-cli $version" ]] || fail "taskrunner-cli --version said '$out'"
out=$("$root/usr/bin/taskrunner" --version 2>&1) || fail "taskrunner --version failed: $out"
[[ $out == *"$version"* ]] || fail "taskrunner --version said '$out'"
# The task names the guardian its runner started: a child of the CLI (the task's parent).
guardian=$("$root/usr/bin/taskrunner-cli" run --shell '
    for status in /proc/[0-9]*/status; do
        dir=${status%/status}
        if grep -qx "PPid:[[:space:]]*$PPID" "$status" 2>/dev/null \
            && grep -qx "Name:[[:space:]]*taskrunner-guar.*" "$status" 2>/dev/null; then
            readlink "$dir/exe"
        fi
    done
    echo ok >&2' 2>"$scratch/run.err") || fail "taskrunner-cli run failed: $(cat "$scratch/run.err")"
[[ $(cat "$scratch/run.err") == ok ]] || fail "taskrunner-cli run said: $(cat "$scratch/run.err")"
[[ $guardian == "$root/usr/bin/taskrunner-guardian" ]] \
    || fail "the installed CLI started the guardian '$guardian', not $root/usr/bin/taskrunner-guardian"

if ((failures)); then
    echo "$failures check(s) failed; install tree:" >&2
    cat "$scratch/files.txt" >&2
    exit 1
fi
echo "install tree: $(wc -l <"$scratch/files.txt") files, all checks passed"

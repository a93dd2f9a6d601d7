#!/usr/bin/env bash
# tst_package: `cpack -G DEB` makes taskrunner_<version>_<arch>.deb in BUILD_DIR/package, whose
# control fields say what apt needs (the Qt libraries found by dpkg-shlibdeps, and the SQLite
# plugin it cannot see) and whose contents are exactly the install tree.
#   check_package.sh BUILD_DIR SOURCE_DIR
# The package is left in BUILD_DIR/package for `.ci/setup.sh test` to install with apt.
set -euo pipefail
trap 'echo "FAIL: check_package.sh line $LINENO: $BASH_COMMAND" >&2' ERR
build=$1
source=$2
for tool in dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed (Debian package dpkg-dev)" >&2; exit 1; }
done

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
rm -rf "$build/package"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$build/package" >"$build/package.log" 2>&1 \
    || { cat "$build/package.log" >&2; exit 1; }
version=$(grep -m1 -oE 'VERSION [0-9]+\.[0-9]+\.[0-9]+' "$source/CMakeLists.txt" | cut -d' ' -f2)
arch=$(dpkg --print-architecture)
deb=$build/package/taskrunner_${version}_$arch.deb
[[ -f $deb ]] || { echo "FAIL: no $deb; cpack made: $(ls "$build/package")" >&2; exit 1; }

dpkg-deb --info "$deb"
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == taskrunner ]] || fail "Package is '$(field Package)'"
[[ $(field Version) == "$version" ]] || fail "Version is '$(field Version)'"
[[ $(field Section) == devel ]] || fail "Section is '$(field Section)'"
[[ -n $(field Maintainer) ]] || fail "no Maintainer"
depends=$(field Depends)
# The package names alone, one a line, versions dropped.
names=$(tr ',' '\n' <<<"$depends" | sed -E 's/^ *([^ ]+).*/\1/')
for library in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6sql6 libqt6sql6-sqlite; do
    grep -qxF "$library" <<<"$names" || fail "Depends lacks $library: $depends"
done

# The same files as the install tree, under /usr, directories aside.
dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./||' | LC_ALL=C sort \
    >"$build/package/files.txt"
if ! diff -u "$source/tests/install/expected-files.txt" "$build/package/files.txt"; then
    fail "the package's files differ from tests/install/expected-files.txt (- expected, + packaged)"
fi
# Stripped: no debug sections shipped.
extract=$build/package/extract
dpkg-deb --extract "$deb" "$extract"
for program in taskrunner taskrunner-cli taskrunner-guardian; do
    if LC_ALL=C readelf -S "$extract/usr/bin/$program" | grep -q '\.debug_info'; then
        fail "usr/bin/$program is not stripped"
    fi
done
# The D-Bus service starts the program where the package puts it (not the build's prefix).
grep -qx 'Exec=/usr/bin/taskrunner' "$extract/usr/share/dbus-1/services/io.github.taskrunner.TaskRunner.service" \
    || fail "the packaged D-Bus service does not start /usr/bin/taskrunner"
rm -rf "$extract"

if ((failures)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "$deb: $(stat -c %s "$deb") bytes, all checks passed"

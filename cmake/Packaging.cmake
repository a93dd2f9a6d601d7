# `cpack -G DEB` in a build directory makes taskrunner_<version>_<arch>.deb from the install
# rules; `apt-get install ./taskrunner_0.1.0_amd64.deb` then pulls what it needs.
set(CPACK_PACKAGE_NAME taskrunner)
set(CPACK_PACKAGE_VENDOR "The taskrunner authors")
set(CPACK_PACKAGE_CONTACT "The taskrunner authors <taskrunner@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL https://github.com/taskrunner/taskrunner)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Run, watch and stop your scripts without leaving processes behind")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The package's long description (its first line is the summary above; CPack indents the lines
# and turns the empty one into " .").
set(CPACK_PACKAGE_DESCRIPTION
    "taskrunner keeps a library of the commands and scripts you run often and runs
them, each in a tab of its own, its output live, searchable and logged. When a
task ends - by its timeout, Stop, Kill, or the runner being interrupted -
nothing it started keeps running, daemons and new sessions included.

This package holds the desktop app (taskrunner) and its command-line twin
(taskrunner-cli), with their man pages and the CLI's shell completions.")
# The libraries the programs link, found by dpkg-shlibdeps (from dpkg-dev) ...
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# ... and what it cannot see: Qt loads the SQLite driver of the run history as a plugin.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
# The window icon is an SVG: Qt draws it through the SVG plugins, which the app runs without.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6svg6")

include(CPack)

#!/usr/bin/env python3
"""Drives the real taskrunner desktop app from outside, through AT-SPI, as a tester's tool would.

Run by run_atspi_test.sh inside a private X server and D-Bus session with the AT-SPI bus up.
Finds controls by accessible name and role only: creates a task in the editor, runs it, reads
its output through the Text interface, kills the run and reads "Killed" in the header, checks
through /proc that nothing of the task survives, and quits the app through its menu.

Every wait polls AT-SPI (or /proc) until a deadline; nothing sleeps a fixed time instead.
"""

import os
import re
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

DEADLINE_S = 60  # generous: a loaded CI machine
POLL_S = 0.1
TASK_NAME = "atspi-task"
SCRIPT = "echo hello-from-atspi; sleep 300"
EXPECTED = "hello-from-atspi"
TASK_GROUP = None  # the run's process group, once known: killed on the way out if a test fails


class Failure(Exception):
    pass


class AppEnded(Failure):
    """The app could not even start (it never appeared on the bus)."""


def log(text):
    print(f"[atspi] {text}", flush=True)


def wait_for(what, probe, timeout=DEADLINE_S):
    """Polls probe() until it returns something true; returns that, or fails naming what."""
    end = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < end:
        # AT-SPI events come through GLib's main loop: let them in.
        while GLib.MainContext.default().iteration(False):
            pass
        try:
            value = probe()
            if value:
                return value
        except AppEnded:
            raise
        except Exception as error:  # the tree changes under us: try again
            last_error = error
        time.sleep(POLL_S)
    raise Failure(f"timed out after {timeout} s waiting for {what}"
                  + (f" (last error: {last_error})" if last_error else ""))


def role_name(acc):
    return acc.getRoleName()


def find(root, name, role, showing=True):
    """The first descendant with this accessible name (a string or a compiled regex) and role
    (one, or a tuple of those that will do)."""
    roles = (role,) if isinstance(role, str) else role

    def matches(acc):
        if acc is None or role_name(acc) not in roles:
            return False
        if showing and not acc.getState().contains(pyatspi.STATE_SHOWING):
            return False
        return name.search(acc.name) if hasattr(name, "search") else acc.name == name
    return pyatspi.findDescendant(root, matches, breadth_first=True)


def find_all(root, role):
    return pyatspi.findAllDescendants(root, lambda acc: acc is not None and role_name(acc) == role)


def press(acc, action_name=None):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    index = names.index(action_name) if action_name else 0
    if not action.doAction(index):
        raise Failure(f"action {names[index]!r} on {acc.name!r} refused")


def text_of(acc):
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def type_into(acc, value):
    """Types value into an editable text through the EditableText interface."""
    editable = acc.queryEditableText()
    editable.insertText(0, value, len(value))


# Text the output view announced as inserted (AT-SPI object:text-changed:insert).
ANNOUNCED = []


def on_text_inserted(event):
    if event.source is not None and event.source.name == "Output":
        ANNOUNCED.append(str(event.any_data))


def the_app(process):
    def probe():
        if process.poll() is not None:
            raise AppEnded(f"the app ended at start with {process.returncode}; "
                           f"the X server says: {x_server_answers()}")
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name == "taskrunner" and app.get_process_id() == process.pid:
                return app
        return None
    return wait_for("the app on the AT-SPI bus", probe)


def frame_of(app, title):
    return wait_for(f"the window {title!r}",
                    lambda: next((w for w in app if w is not None and title.search(w.name)
                                  and w.getState().contains(pyatspi.STATE_SHOWING)), None))


def proc_stat(pid):
    """(state, process group, session) of a pid from /proc, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rindex(")") + 2:].split()
    return fields[0], int(fields[2]), int(fields[3])


def processes_of(group):
    """Live (not zombie) processes in the run's process group or session."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = proc_stat(int(entry))
        if stat and stat[0] != "Z" and (stat[1] == group or stat[2] == group):
            found.append(int(entry))
    return found


def processes_running(command_part):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        stat = proc_stat(int(entry))
        if command_part in cmdline and stat and stat[0] != "Z":
            found.append(int(entry))
    return found


def x_server_answers():
    """True once the X server of $DISPLAY accepts a connection (the X11 handshake, no auth);
    else the reason it gave, or the error."""
    import socket
    import struct
    number = os.environ["DISPLAY"].lstrip(":").split(".")[0]
    connection = socket.socket(socket.AF_UNIX)
    connection.settimeout(5)
    try:
        connection.connect(f"/tmp/.X11-unix/X{number}")
        connection.sendall(b"l\0" + struct.pack("<HHHH", 11, 0, 0, 0) + b"\0\0")
        reply = connection.recv(8)
        if reply[:1] == b"\1":
            return True
        reason_length = reply[1] if len(reply) > 1 else 0
        return f"refused: {connection.recv(reason_length + 8)!r}"
    except OSError as error:
        return f"{error}"
    finally:
        connection.close()


def main():
    app_binary = sys.argv[1]
    started = time.monotonic()
    wait_for("the X server to accept a connection", lambda: x_server_answers() is True)
    process = subprocess.Popen([app_binary], stdout=sys.stdout, stderr=sys.stderr)
    try:
        app = the_app(process)
    except BaseException:
        if process.poll() is None:
            process.kill()  # it never showed up on the bus
            process.wait(timeout=30)
        raise
    try:
        run(process, app)
    finally:
        if process.poll() is None:
            log("the app is still up: killing it")
            process.kill()
            process.wait(timeout=30)
        # Whatever the run left (on a failure): never left behind.
        if TASK_GROUP:
            for pid in processes_of(TASK_GROUP):
                os.kill(pid, 9)
    log(f"passed in {time.monotonic() - started:.1f} s")


def run(process, app):
    pyatspi.Registry.registerEventListener(on_text_inserted, "object:text-changed:insert")
    window = frame_of(app, re.compile(r"taskrunner"))
    log(f"found {app.name} (pid {process.pid}), window {window.name!r}")

    # A task through the editor: its name and script typed in.
    press(wait_for("the New task button", lambda: find(window, re.compile(r"^New task"),
                                                       "push button")))
    editor = frame_of(app, re.compile(r"^New task$"))
    type_into(wait_for("the Name field", lambda: find(editor, "Name", "text")), TASK_NAME)
    type_into(wait_for("the Script field", lambda: find(editor, "Script", "text")), SCRIPT)
    ok = wait_for("the OK button, enabled",
                  lambda: (lambda b: b if b and b.getState().contains(pyatspi.STATE_ENABLED)
                           else None)(find(editor, "OK", "push button")))
    press(ok)
    wait_for("the editor to close",
             lambda: not any(w is not None and w.name == "New task"
                             and w.getState().contains(pyatspi.STATE_SHOWING) for w in app))

    # Selected in the task list (through its accessible selection), then Run.
    tasks = wait_for("the task list", lambda: find(window, "Tasks", "list"))
    item = wait_for("the new task in the list", lambda: find(tasks, TASK_NAME, "list item"))
    press(item, "Toggle") if not item.getState().contains(pyatspi.STATE_SELECTED) else None
    wait_for("the task selected", lambda: item.getState().contains(pyatspi.STATE_SELECTED))
    press(find(window, "Run", "push button"))

    # The output, read through the Text interface.
    output = wait_for("the run's output view", lambda: find(window, "Output", "text"))
    wait_for(f"{EXPECTED!r} in the output", lambda: EXPECTED in text_of(output))
    log(f"output says: {text_of(output).strip()!r}; {output.description}")
    wait_for(f"{EXPECTED!r} announced as inserted text", lambda: any(EXPECTED in text
                                                                       for text in ANNOUNCED))
    log(f"announced: {ANNOUNCED!r}")
    summary = wait_for("the run summary", lambda: find(window, "Run summary", "label"))
    wait_for("Running in the summary", lambda: text_of(summary).startswith("Running"))
    log(f"header: {text_of(summary)!r}")

    # The process group, from the header's details (shown on demand).
    details = wait_for("the Details button", lambda: find(window, "Details",
                                                              ("check box", "toggle button")))
    if not details.getState().contains(pyatspi.STATE_CHECKED):
        press(details)
    group_label = wait_for("the Process group detail", lambda: find(window, "Process group",
                                                                    "label"))
    global TASK_GROUP
    group = TASK_GROUP = int(wait_for("a process group number",
                         lambda: re.fullmatch(r"\d+", text_of(group_label).strip())).group(0))
    # bash runs the script's last command in its own place: one process, or more.
    members = wait_for(f"the task's processes in group {group}", lambda: processes_of(group))
    log(f"process group {group}: {members}")

    # Killed, and read so.
    press(find(window, "Kill", "push button"))
    wait_for("Killed in the header", lambda: text_of(summary).startswith("Killed"))
    log(f"header: {text_of(summary)!r}")
    outcome = find(window, "Outcome", "label")
    if outcome is None or not text_of(outcome).startswith("Killed"):
        raise Failure(f"the Outcome detail says {text_of(outcome) if outcome else None!r}")

    # Nothing of it survives.
    wait_for("no process of the task alive", lambda: not processes_of(group), timeout=30)
    survivors = [pid for pid in members
                 if (stat := proc_stat(pid)) and stat[0] != "Z" and stat[1] == group]
    if survivors:
        raise Failure(f"processes of the task survived: {survivors}")
    log("no process of the task survives")

    # The View menu's toggles say whether they are on. (Qt 6.4's AT-SPI bridge reports them as
    # menu items without the "checkable" state, which only Qt 6.5 on maps: in-process,
    # tst_accessibility checks that QAccessible says checkable.)
    line_numbers = find(window, "Line numbers", ("check menu item", "menu item"), showing=False)
    if line_numbers is None:
        raise Failure("no Line numbers item in the View menu")
    if line_numbers.getState().contains(pyatspi.STATE_CHECKED):
        raise Failure("Line numbers reads checked before it was turned on")
    press(line_numbers)
    wait_for("Line numbers checked", lambda: line_numbers.getState().contains(pyatspi.STATE_CHECKED))
    log(f"Line numbers: {role_name(line_numbers)}, checked once toggled"
        + (", checkable" if line_numbers.getState().contains(pyatspi.STATE_CHECKABLE) else ""))

    # Quit through the menu.
    quit_item = find(window, "Quit", "menu item", showing=False)
    if quit_item is None:
        raise Failure("no Quit menu item")
    press(quit_item)
    wait_for("the app to quit", lambda: process.poll() is not None)
    if process.returncode != 0:
        raise Failure(f"the app exited with {process.returncode}")
    log("the app quit")


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        log(f"FAILED: {failure}")
        sys.exit(1)

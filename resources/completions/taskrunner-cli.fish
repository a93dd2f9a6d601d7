# fish completion for taskrunner-cli (installed in share/fish/vendor_completions.d).

set -l commands run list history log watch info

# The saved tasks' names: `taskrunner-cli list` prints NAME<TAB>COMMAND a line, which fish
# shows as the name with the command as its description.
function __taskrunner_cli_tasks
    taskrunner-cli list 2>/dev/null
end

# The most recent runs' ids, described by their task and start.
function __taskrunner_cli_runs
    taskrunner-cli history --limit 20 2>/dev/null | string replace -r '^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*).*' '$1\t$3 ($2, $4)'
end

complete -c taskrunner-cli -f
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -s h -l help -d 'Show the help'
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -l version -d 'Show the version'
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -a run -d 'Run a task and leave no process of it behind'
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -a list -d 'List the saved tasks'
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -a history -d 'List the recorded runs'
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -a log -d "Print a recorded run's output"
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -a watch -d 'Run a command again whenever files change'
complete -c taskrunner-cli -n "not __fish_seen_subcommand_from $commands" -a info -d 'Say which containment runs get, and why'

# run
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l shell -x -d 'Run SCRIPT with /bin/bash -c'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l task -x -a '(__taskrunner_cli_tasks)' -d 'Run a saved task'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l timeout -x -a '500ms 2s 30s 1m 10m 1h 0' -d 'Stop the task after DUR'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l grace -x -a '0 1s 5s 30s' -d 'Time between SIGTERM and SIGKILL'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l cwd -x -a '(__fish_complete_directories)' -d 'Working directory of the task'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l env -x -d "Set NAME=VALUE in the task's environment"
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l memory-max -x -a '256M 512M 1G 2G none' -d 'The most memory the task may use'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l cpu-max -x -a '0.5 1 2 none' -d 'The most CPU time it may use, in CPUs'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l pids-max -x -a '64 256 1024 none' -d 'The most processes and threads at once'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l no-history -d 'Leave this run out of the run history'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l stats -d 'Say on stderr what the run used'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -l pty -d 'Give the task a pseudo-terminal'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -s h -l help -d 'Show the help'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from run' -a '(__fish_complete_command)'

# history
complete -c taskrunner-cli -n '__fish_seen_subcommand_from history' -l task -x -a '(__taskrunner_cli_tasks)' -d 'Only the runs of this task'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from history' -l limit -x -d 'At most N runs'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from history' -l json -d 'Print a JSON array'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from history' -s h -l help -d 'Show the help'

# log
complete -c taskrunner-cli -n '__fish_seen_subcommand_from log' -x -a '(__taskrunner_cli_runs)'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from log' -l merged -d 'Both streams, in the order they came, to stdout'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from log' -s h -l help -d 'Show the help'

# watch
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l include -x -d 'Only changes to paths matching GLOB count'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l ignore -x -d 'Changes to paths matching GLOB never count'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l debounce -x -a '0 100ms 300ms 1s' -d 'How long changes must be quiet before a run'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l grace -x -a '0 1s 5s 30s' -d 'Time between SIGTERM and SIGKILL'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l no-restart -d 'A change while it runs waits for the run to end'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l no-recursive -d 'Watch the directories given, not their subdirectories'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l shell -x -d 'Run SCRIPT with /bin/bash -c'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -l task -x -a '(__taskrunner_cli_tasks)' -d 'Watch and run a saved task'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -s h -l help -d 'Show the help'
complete -c taskrunner-cli -n '__fish_seen_subcommand_from watch' -F

# list, info
complete -c taskrunner-cli -n '__fish_seen_subcommand_from list info' -s h -l help -d 'Show the help'

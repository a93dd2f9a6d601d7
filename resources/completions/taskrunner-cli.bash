# bash completion for taskrunner-cli                                   -*- shell-script -*-
# Installed as share/bash-completion/completions/taskrunner-cli (loaded on first use).

# The saved tasks' names: `taskrunner-cli list` prints NAME<TAB>COMMAND a line.
_taskrunner_cli_tasks()
{
    taskrunner-cli list 2>/dev/null | cut -f1
}

# Saved task names matching $1 into COMPREPLY, each quoted: names may hold spaces.
_taskrunner_cli_complete_task()
{
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$(_taskrunner_cli_tasks)" -- "$1"))
    local k
    for k in "${!COMPREPLY[@]}"; do
        COMPREPLY[k]=$(printf '%q' "${COMPREPLY[k]}")
    done
}

_taskrunner_cli()
{
    local cur prev words cword
    _init_completion || return

    local commands="run list history log watch info"
    local command="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            run | list | history | log | watch | info)
                command=${words[i]}
                break
                ;;
        esac
    done

    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi

    case $command in
    run)
        # After `--` or the program, the rest belongs to the program: complete as a command does.
        local j
        for ((j = i + 1; j < cword; j++)); do
            case ${words[j]} in
                --)
                    _command_offset $((j + 1))
                    return
                    ;;
                --shell | --task | --timeout | --grace | --cwd | --env | --memory-max | \
                    --cpu-max | --pids-max)
                    ((j++))
                    ;;
                -*) ;;
                *)
                    _command_offset $j
                    return
                    ;;
            esac
        done
        case $prev in
            --task)
                _taskrunner_cli_complete_task "$cur"
                return
                ;;
            --cwd)
                _filedir -d
                return
                ;;
            --timeout | --grace)
                COMPREPLY=($(compgen -W "500ms 2s 30s 1m 10m 1h 0" -- "$cur"))
                return
                ;;
            --memory-max)
                COMPREPLY=($(compgen -W "256M 512M 1G 2G none" -- "$cur"))
                return
                ;;
            --cpu-max)
                COMPREPLY=($(compgen -W "0.5 1 2 none" -- "$cur"))
                return
                ;;
            --pids-max)
                COMPREPLY=($(compgen -W "64 256 1024 none" -- "$cur"))
                return
                ;;
            --shell | --env)
                return
                ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--shell --task --timeout --grace --cwd --env --memory-max
                --cpu-max --pids-max --no-history --stats --pty --help --" -- "$cur"))
        else
            COMPREPLY=($(compgen -c -- "$cur"))
        fi
        ;;
    history)
        case $prev in
            --task)
                _taskrunner_cli_complete_task "$cur"
                return
                ;;
            --limit)
                return
                ;;
        esac
        COMPREPLY=($(compgen -W "--task --limit --json --help" -- "$cur"))
        ;;
    log)
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--merged --help" -- "$cur"))
        else
            # The ids of the most recent runs, newest first.
            COMPREPLY=($(compgen -W "$(taskrunner-cli history --limit 20 2>/dev/null | cut -f1)" -- "$cur"))
        fi
        ;;
    watch)
        # After `--`, the rest is the program's; before it, options and paths to watch.
        local j
        for ((j = i + 1; j < cword; j++)); do
            case ${words[j]} in
                --)
                    _command_offset $((j + 1))
                    return
                    ;;
                --shell | --task | --include | --ignore | --debounce | --grace)
                    ((j++))
                    ;;
            esac
        done
        case $prev in
            --task)
                _taskrunner_cli_complete_task "$cur"
                return
                ;;
            --debounce)
                COMPREPLY=($(compgen -W "0 100ms 300ms 1s" -- "$cur"))
                return
                ;;
            --grace)
                COMPREPLY=($(compgen -W "0 1s 5s 30s" -- "$cur"))
                return
                ;;
            --shell | --include | --ignore)
                return
                ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--include --ignore --debounce --grace --no-restart
                --no-recursive --shell --task --help --" -- "$cur"))
        else
            _filedir
        fi
        ;;
    list | info)
        COMPREPLY=($(compgen -W "--help" -- "$cur"))
        ;;
    esac
} &&
    complete -F _taskrunner_cli taskrunner-cli

# ex: filetype=sh

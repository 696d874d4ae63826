# The no-change check, sourced by bin/tck for `tck build` and `tck configure` before Node starts.
# When the project's record of the last run of the same command (written by Node:
# core/engine/unchanged/) still holds — the same directory, arguments and environment, every file
# it names with the same stat data (and content, for files changed just before it was written),
# every path present or absent as it was — the command's result is the recorded one: tasks that
# are never cached are run again exactly as the executor ran them, the files are checked once more,
# and the summary is printed. Anything else, or any doubt, returns to bin/tck, which starts Node.
# TCK_DEBUG says why a record did not hold.

u_miss() {
  [ -z "${TCK_DEBUG-}" ] || echo "tck:debug no-change check: $1; building" >&2
  return 1
}

# Milliseconds since the epoch, for the durations the summary shows.
u_ms() { date +%s%3N; }

# `u_stat -L|'' FILES EXPECTED`: whether the files' stat data is what the record says. Through
# xargs, since a large project's list is longer than one command line may be.
u_stat() {
  [ -z "$2" ] && [ -z "$3" ] && return 0
  u_now=$(printf '%s\n' "$2" | xargs -d '\n' stat $1 -c '%i:%s:%.9Y:%.9Z' -- 2>/dev/null)
  [ "$u_now" = "$3" ]
}

# Which file differs, for TCK_DEBUG (one stat each: slow, and only when asked).
u_changed() {
  u_how=$1 u_files=$2
  IFS='
'
  set -- $3
  for u_file in $u_files; do
    u_now=$(stat $u_how -c '%i:%s:%.9Y:%.9Z' -- "$u_file" 2>/dev/null) || { unset IFS; echo "$u_file is gone"; return; }
    [ "$u_now" = "${1-}" ] || { unset IFS; echo "$u_file changed"; return; }
    shift
  done
  unset IFS
  echo 'a file changed'
}

u_files_hold() {
  u_stat -L "$u_sfiles" "$u_sstat" || { u_miss "$([ -n "${TCK_DEBUG-}" ] && u_changed -L "$u_sfiles" "$u_sstat")"; return 1; }
  [ -z "$u_lfiles" ] || u_stat '' "$u_lfiles" "$u_lstat" || { u_miss "$([ -n "${TCK_DEBUG-}" ] && u_changed '' "$u_lfiles" "$u_lstat")"; return 1; }
}

# As progress/state.ts formatDuration writes a duration.
u_duration() {
  if [ "$1" -lt 1000 ]; then echo "$1 ms"
  else
    u_s=$((($1 + 500) / 1000))
    if [ "$u_s" -lt 60 ]; then echo "${u_s}s"; else printf '%dm%02ds\n' $((u_s / 60)) $((u_s % 60)); fi
  fi
}

u_check() {
  u_command=$1
  shift
  # The arguments as the record keeps them: progress flags aside, and never a run the check cannot print.
  u_kept= u_n=0 u_progress=auto u_start=
  while [ $# -gt 0 ]; do
    case $1 in
      --json | --explain | --trace-hooks | --help | -h | -- | --json=* | --explain=* | --trace-hooks=*) return 1 ;;
      --progress) [ $# -ge 2 ] || return 1; u_progress=$2; shift 2; continue ;;
      --progress=*) u_progress=${1#*=}; shift; continue ;;
      --cwd) u_start=${2-} ;;
      --cwd=*) u_start=${1#*=} ;;
    esac
    [ "$u_n" -eq 0 ] && u_kept=$1 || u_kept="$u_kept
$1"
    u_n=$((u_n + 1))
    shift
  done
  case $u_progress in auto | tty | plain | none) ;; *) return 1 ;; esac
  if [ "$u_progress" = auto ]; then
    if [ -t 2 ] && [ "${TERM-}" != dumb ]; then u_progress=tty; else u_progress=plain; fi
  fi
  [ "$u_progress" = none ] || u_began=$(u_ms)

  cd -P . 2>/dev/null || return 1
  case $u_start in '') u_dir=$PWD ;; /*) u_dir=$u_start ;; *) u_dir=$PWD/$u_start ;; esac
  while [ ! -f "$u_dir/.tck/unchanged-$u_command.sh" ]; do
    [ -n "$u_dir" ] || { u_miss 'no record of an earlier build'; return 1; }
    u_dir=${u_dir%/*}
  done
  . "$u_dir/.tck/unchanged-$u_command.sh" 2>/dev/null || { u_miss 'unreadable record'; return 1; }
  [ "${u_format-}" = tck-unchanged/2 ] || { u_miss 'a record of another format'; return 1; }
  [ "$u_cwd" = "$PWD" ] && [ "$u_argc" = "$u_n" ] && [ "$u_args" = "$u_kept" ] || { u_miss 'another directory or other arguments'; return 1; }
  # As core/engine/unchanged/record.ts ENV_DIGEST.
  u_now=$(unset _ OLDPWD SHLVL PWD TCK_DEBUG; export -p | sha256sum)
  [ "${u_now%% *}" = "$u_env" ] || { u_miss 'the environment changed'; return 1; }
  u_files_hold || return 1
  [ -z "$u_racy" ] || printf '%s\n' "$u_racy" | sha256sum -c --status 2>/dev/null || { u_miss 'a file changed (by content)'; return 1; }
  IFS='
'
  for u_line in $u_racydirs; do
    [ "$(LC_ALL=C ls -AF --quoting-style=literal -- "${u_line#*  }" 2>/dev/null | sha256sum)" = "${u_line%%  *}  -" ] || { unset IFS; u_miss "${u_line#*  } lists other files"; return 1; }
  done
  for u_path in $u_present; do [ -e "$u_path" ] || { unset IFS; u_miss "$u_path is gone"; return 1; }; done
  for u_path in $u_absent; do [ -e "$u_path" ] && { unset IFS; u_miss "$u_path appeared"; return 1; }; done
  unset IFS

  # The tasks that are never cached, run again as they ran; what they print is shown only by Node, when one fails.
  u_i=1
  while [ "$u_i" -le "$u_replays" ]; do
    eval "u_rcwd=\$u_r${u_i}_cwd u_rcmd=\$u_r$u_i"
    [ "$u_progress" = plain ] && u_t0=$(u_ms)
    (cd "$u_rcwd" && eval "$u_rcmd") </dev/null >/dev/null 2>&1 || { u_miss "a task failed when run again"; return 1; }
    [ "$u_progress" = plain ] && eval "u_took$u_i=\$((\$(u_ms) - u_t0))"
    u_i=$((u_i + 1))
  done
  [ "$u_replays" -eq 0 ] || u_files_hold || return 1

  [ -z "$u_stdout" ] || printf '%s' "$u_stdout"
  if [ "$u_view" = progress ] && [ "$u_progress" != none ]; then
    if [ "$u_progress" = plain ]; then
      IFS='
'
      for u_line in $u_plan; do
        case $u_line in
          c\ *) echo "${u_line#c }" ;;
          r*) u_i=${u_line%% *}; eval "u_took=\$u_took${u_i#r}"; echo "${u_line#* } ($(u_duration "$u_took"))" ;;
        esac
      done
      unset IFS
    fi
    echo "build finished in $(u_duration $(($(u_ms) - u_began))): $u_counts"
  fi >&2
  [ -z "${TCK_DEBUG-}" ] || echo "tck:debug no-change check: nothing changed since the last build" >&2
}

# The launcher's cold path, sourced by bin/tck on a miss of a file script: a new or edited
# script is compiled here, with the argv Node would build for a script of its kind (the compile
# profile, written by plugins/recipe-cscript/src/cold.ts), and run at once. Node then compiles,
# stores and indexes it in the background — niced, in its own session, its output discarded — so
# the next run is a hit, as Bazel uploads to its cache after the result is used. The program run
# here is a fresh compile, never a cache entry; anything in doubt returns 1, and Node runs instead.

c_no() {
  [ -z "${TCK_DEBUG-}" ] || echo "tck:debug launcher: no cold compile: $1" >&2
  return 1
}

# c_run ARGV...: execs the program, or returns 1.
c_run() {
  [ -z "${TCK_NO_COLD-}" ] || return 1
  command -v setsid >/dev/null 2>&1 || { c_no 'no setsid (util-linux) to record the compile in the background'; return 1; }
  [ -f "$src" ] && [ -r "$src" ] || { c_no 'the script is not a readable file'; return 1; }
  # Node names the script by its normalised path in a `#line` directive.
  case $src in
    *//* | */./* | */../* | */. | */.. | *'"'* | *\\* | *'
'*) c_no 'a path Node would spell otherwise'; return 1 ;;
  esac
  # A params line (even one Node would reject) and text Node would not read as UTF-8 are Node's.
  LC_ALL=C.UTF-8 grep -aqvx '.*' -- "$src" && { c_no 'the script is not UTF-8'; return 1; }
  # Crispy's profile (crispy.ts) when a line surely includes a GLib header; a line that might, Node tells.
  c_kind=$(LC_ALL=C awk '
    /TCK_PARAMS|CRISPY_PARAMS/ { params = 1; exit }
    /^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](glib[[:alnum:]_-]*\.h|gmodule\.h|(glib|gobject|gio)\/[^>"]+)[>"]/ { sure = 1 }
    /glib|gmodule|gobject|gio\// { maybe = 1 }
    END { print params ? "params" : sure ? "crispy" : maybe ? "maybe" : "plain" }' "$src")
  case $c_kind in
    params) c_no 'the script has a params line'; return 1 ;;
    maybe) c_no 'a line may include a GLib header'; return 1 ;;
    crispy | plain) ;;
    *) c_no 'the script cannot be read'; return 1 ;;
  esac

  c_profile=$cache_dir/cold/$c_kind.sh
  [ -f "$c_profile" ] || { c_no "no $c_kind compile profile yet"; return 1; }
  . "$c_profile" || { c_no "unreadable $c_profile"; return 1; }
  [ "$cc_flag" = "$c_ccflag" ] || { c_no 'the profile is for another --compiler'; return 1; }
  [ -x "$c_execas" ] || { c_no 'no exec-as helper'; return 1; }
  [ "${TCK_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/tck}/package.json" = "$c_data" ] || { c_no 'another plugin dir'; return 1; }
  [ "${CPATH-}|${C_INCLUDE_PATH-}|${LIBRARY_PATH-}|${GCC_EXEC_PREFIX-}|${COMPILER_PATH-}" = "$c_env" ] || { c_no 'compiler environment changed'; return 1; }
  find_cc "$c_ccname"
  [ "$cc" = "$c_cc" ] || { c_no "compiler is now ${cc:-not found}"; return 1; }
  config_files
  [ "$cfgs" = "$c_cfgs" ] || { c_no 'other config files'; return 1; }
  IFS='
'
  c_now=$(stat -L -c '%d:%i:%s:%.9Y:%.9Z' -- "$cc" $c_ccfiles $cfgs $c_extra 2>/dev/null)
  unset IFS
  [ "$c_now" = "$c_stat" ] || { c_no 'the compiler, a config file, tck or the plugins changed'; return 1; }
  if [ -n "$c_params" ]; then
    c_now=$(set +f; eval "set -- $c_params" 2>/dev/null && printf '%s\n' "$@") || { c_no 'params do not expand'; return 1; }
    [ "$c_now" = "$c_pexp" ] || { c_no 'params expand differently'; return 1; }
  fi

  # The script as Node writes it for the compiler (source.ts): `#line 1`, the shebang line blanked.
  c_name=${src##*/}
  case $c_name in *.c | *.h) c_name=${c_name%??} ;; esac
  [ -n "$c_name" ] || c_name=script
  c_dir=${src%/*}
  [ -n "$c_dir" ] || c_dir=/
  # Named by this process, which becomes the program: the next Node run removes it once the program is gone (scratch.ts).
  c_root=$c_tmp/run-$$-cold
  c_src=$c_root/src/$c_name.c c_out=$c_root/out/$c_name
  rm -rf "$c_root" && mkdir -p "$c_root/src" "$c_root/out" || { c_no "cannot make $c_root"; return 1; }
  { printf '#line 1 "%s"\n' "$src" && LC_ALL=C sed '1s/^#!.*//' -- "$src"; } >"$c_src" || { c_no 'cannot write the source'; return 1; }

  # Only the variables Node passes to a compile (recipe.ts), as it passes them.
  c_envw=
  for c_var in $c_envpass; do
    eval "[ -z \"\${$c_var+set}\" ]" || c_envw="$c_envw $c_var=\"\${$c_var}\""
  done
  c_in=/dev/null
  [ -z "$c_stdin" ] || c_in=$c_src
  if ! eval "env -i $c_envw $c_argv" <"$c_in" 2>"$c_root/compile.err"; then
    rm -rf "$c_root"
    c_no 'the compile failed (Node compiles it again and reports it)'
    return 1
  fi
  [ ! -s "$c_root/compile.err" ] || cat "$c_root/compile.err" >&2

  [ -z "${TCK_DEBUG-}" ] || echo "tck:debug launcher: compiled $src with the $c_kind profile; recording it in the background" >&2
  (
    TCK_RUN_RECORD=1
    export TCK_RUN_RECORD
    node_prefix='setsid -f nice -n 10'
    to_node "$@"
  ) </dev/null >/dev/null 2>&1
  shift "$n"
  exec "$c_execas" "$c_out" "$shown" "$@"
}

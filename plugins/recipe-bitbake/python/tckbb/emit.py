"""A datastore as `bitbake -e` prints it: variables sorted, then shell functions; exported
ones marked, `unset` for unexported ones, values quoted for the shell. (The history comments
`bitbake -e` adds are not recorded by tck.)"""
import bb


def _quoted(value):
    return value.replace('"', '\\"').replace("`", "\\`").replace("\n", " \\\n").replace("$", "\\$")


def emit_var(d, var, out, everything):
    func = d.getVarFlag(var, "func", False)
    if d.getVarFlag(var, "python", False) and func:
        return False
    export = bb.utils.to_boolean(d.getVarFlag(var, "export"))
    unexport = bb.utils.to_boolean(d.getVarFlag(var, "unexport"))
    if not everything and not export and not unexport and not func:
        return False
    try:
        value = d.getVar(var)
    except Exception as exc:
        out.append("# expansion of %s threw %s: %s\n" % (var, exc.__class__.__name__, str(exc)))
        return False
    if any(c in var for c in "-.{}+") and not everything:
        return False
    name = d.expand(var)
    if unexport:
        out.append("unset %s\n" % name)
        return False
    if value is None:
        return False
    value = str(value)
    if name.startswith("BASH_FUNC_"):
        out.append("%s() %s\n" % (name[10:-2], value[3:]))
        out.append("export -f %s\n" % name[10:-2])
        return True
    if func:
        out.append("# line: %s, file: %s\n" % (d.getVarFlag(var, "lineno", False), d.getVarFlag(var, "filename", False)))
        out.append("%s() {\n%s\n}\n" % (name, value.rstrip("\n")))
        return True
    out.append('%s%s="%s"\n' % ("export " if export else "", name, _quoted(value)))
    return False


def emit_env(d):
    out = []
    keys = [key for key in d.keys() if not key.startswith("__")]
    plain = sorted(key for key in keys if not d.getVarFlag(key, "func", False))
    funcs = sorted(key for key in keys if d.getVarFlag(key, "func", False))
    for key in plain:
        if emit_var(d, key, out, True):
            out.append("\n")
    for key in funcs:
        if emit_var(d, key, out, False):
            out.append("\n")
    return "".join(out)

"""One recipe file parsed into its variants, and what tck keeps of each: BitBake's virtual name,
skip reason, the values commands and the engine need, the task list with flags, the files read."""
import os
import traceback

import bb
from tckbb import finalize, include

SUMMARY = ["PN", "PV", "PR", "PE", "DEPENDS", "PROVIDES", "RPROVIDES", "SRC_URI", "S", "B", "D", "WORKDIR", "PACKAGES",
           "PACKAGES_DYNAMIC", "DEFAULT_PREFERENCE", "EXCLUDE_FROM_WORLD", "LICENSE", "SUMMARY", "FILE_LAYERNAME", "BB_DONT_CACHE"]
PER_PACKAGE = ["RDEPENDS", "FILES"]
# What every command needs; the rest of SUMMARY only when asked (conformance, `complete`).
INDEX = ["PN", "PV", "PR", "PE", "DEFAULT_PREFERENCE", "PROVIDES", "FILE_LAYERNAME", "EXCLUDE_FROM_WORLD", "BB_DONT_CACHE"]
SCHEDULING_FLAGS = {"deps", "depends", "rdepends", "deptask", "rdeptask", "recrdeptask", "recideptask", "mcdepends", "noexec", "nostamp", "fakeroot", "network", "umask", "dirs", "cleandirs", "python", "func"}


def virtual_name(fn, variant):
    return "virtual:%s:%s" % (variant, fn) if variant else fn


def parse(config, fn, appends, layername):
    """{variant: datastore} for one recipe file, as BitBake's parser returns them."""
    d = config.createCopy()
    d.setVar("__BBMULTICONFIG", "")
    d.setVar("FILE_LAYERNAME", layername)
    d.setVar("__BB_RECIPE_FILE", fn)
    if appends:
        d.setVar("__BBAPPEND", " ".join(appends))
    return include.handle(fn, d, 0)


def _text(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value]
    return str(value)


def summary(fn, variant, d, full=False):
    """full: every SUMMARY value and every task flag; otherwise what commands and the cache keep."""
    skipped = d.getVar("__SKIPPED")
    result = {"name": virtual_name(fn, variant), "variant": variant, "skipped": None if skipped is None else str(skipped)}
    values = {}
    for name in SUMMARY if full else INDEX:
        values[name] = _safe(d, name)
    if full:
        pn = values.get("PN") or ""
        for name in PER_PACKAGE:
            values["%s:${PN}" % name] = _safe(d, "%s:%s" % (name, pn))
    result["values"] = values
    tasks = []
    for task in d.getVar("__BBTASKS", False) or []:
        flags = d.getVarFlags(task) or {}
        tasks.append({"name": task, "flags": {k: _text(v) for k, v in sorted(flags.items()) if k != "_content" and (full or k in SCHEDULING_FLAGS)}})
    result["tasks"] = tasks
    result["inherits"] = list(d.getVar("__inherit_cache", False) or [])
    return result


def _safe(d, name):
    try:
        return _text(d.getVar(name))
    except Exception as error:
        return {"error": "%s: %s" % (type(error).__name__, error)}


def depends_of(stores):
    """Every file the recipe's parse read or probed: [path, mtime_ns, size, inode] (as strings: nanoseconds do not fit a JSON number) as first seen,
    or [path] for a path that did not exist; the cache keeps the result only while they hold."""
    files = {}
    for d in stores.values():
        for path, stamp in (d.getVar("__depends", False) or []):
            files[os.path.abspath(path)] = [str(part) for part in stamp] if stamp else []
    return [[path] + files[path] for path in sorted(files)]


def all_values(d):
    """Every variable as `bitbake -e` shows it: expanded value, or the expansion error."""
    values = {}
    for key in sorted(d.keys()):
        if key.startswith("__"):
            continue
        func = d.getVarFlag(key, "func", False)
        python = d.getVarFlag(key, "python", False)
        entry = {}
        try:
            value = d.getVar(key)
            entry["value"] = None if value is None else str(value)
        except Exception as error:
            entry["error"] = "%s: %s" % (type(error).__name__, error)
        if func:
            entry["func"] = "python" if python else "shell"
        export = d.getVarFlag(key, "export")
        unexport = d.getVarFlag(key, "unexport")
        try:
            if bb.utils.to_boolean(export):
                entry["export"] = True
            if bb.utils.to_boolean(unexport):
                entry["unexport"] = True
        except ValueError:
            pass
        values[key] = entry
    return values


def describe_error(error, fn):
    """A parse failure as {message, file, line, function?}, pointing into the metadata."""
    if isinstance(error, bb.parse.ParseError):
        return {"message": error.msg, "file": error.filename, "line": error.lineno}
    if isinstance(error, finalize.AnonymousFunctionError):
        where = _metadata_frame(error.error)
        return {"message": "anonymous function %s failed: %s" % (error.function, error), "function": error.function, **where}
    if isinstance(error, bb.data_smart.ExpansionError):
        return _expansion_error(error, fn)
    if isinstance(error, bb.BBHandledException):
        return {"message": "parsing stopped by bb.fatal", "file": fn}
    where = _metadata_frame(error)
    return {"message": "%s: %s" % (type(error).__name__, error), **where}


def _expansion_error(error, fn):
    """Where the expansion was asked for (the statement, else the recipe), why, and the python
    frame it failed in; a reference cycle is shown once instead of to the recursion limit."""
    chain = [name for name in error.varlist if name]
    if isinstance(error.exception, RecursionError) and chain:
        seen, cycle = [], []
        for name in chain:
            if name in seen:
                cycle = seen[seen.index(name):] + [name]
                break
            seen.append(name)
        message = "Failure expanding variable %s: the variables refer to each other in a cycle: %s" % (chain[-1], " -> ".join(cycle or chain[:8]))
    else:
        message = error.msg + ("; the variable dependency chain is " + " -> ".join(chain) if len(chain) > 1 else "")
    described = {"message": message, "file": getattr(error, "filename", fn), "line": getattr(error, "lineno", None)}
    frame = _metadata_frame(error.exception) if error.exception is not None else {}
    if frame:
        described["function"] = "%s, %s line %s" % (frame["function"], frame["file"], frame["line"])
    return described


def _metadata_frame(error):
    """The last traceback frame that is in metadata (not in tck's own python)."""
    own = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frames = traceback.extract_tb(error.__traceback__) if error is not None and error.__traceback__ else []
    for frame in reversed(frames):
        if not frame.filename.startswith(own):
            return {"file": frame.filename, "line": frame.lineno, "function": frame.name}
    return {}

"""Evaluating parsed statements into a datastore, and the file handling around it: include,
require, include_all, inherit (BBPATH search, classes-<type>/ before classes/), the FILE variable
and the list of files a recipe depended on (`__depends`, also every path probed and not found,
so a cache knows what would change the result).

Statements come from the TypeScript parser as JSON (see src/syntax/statements.ts); `files.load`
returns them for a path.
"""
import errno
import os

import bb
from tckbb import context, files

_SENTINEL = "    # Export function set\n"
_anon_name_table = str.maketrans("/.+-@%&~", "________")


def which(path, item):
    """(found or "", every candidate tried), searching a colon-separated path in order."""
    tried = []
    for directory in (path or "").split(":"):
        candidate = os.path.join(directory, item)
        tried.append(candidate)
        if os.path.exists(candidate):
            return (candidate if os.path.isabs(candidate) else os.path.abspath(candidate)), tried
    return "", tried


def mark_dependency(d, f):
    if f.startswith("./"):
        f = "%s/%s" % (os.getcwd(), f[2:])
    deps = d.getVar("__depends", False) or []
    entry = (f, files.mtime(f))
    if entry not in deps:
        deps.append(entry)
        d.setVar("__depends", deps)


def check_dependency(d, f):
    return (f, files.mtime(f)) in (d.getVar("__depends", False) or [])


def resolve_file(fn, d):
    if not os.path.isabs(fn):
        bbpath = d.getVar("BBPATH")
        found, tried = which(bbpath, fn)
        for candidate in tried:
            mark_dependency(d, candidate)
        if not found:
            raise IOError(errno.ENOENT, "file %s not found in %s" % (fn, bbpath))
        fn = found
    else:
        mark_dependency(d, fn)
    if not os.path.isfile(fn):
        raise IOError(errno.ENOENT, "file %s not found" % fn)
    return fn


def statements_of(path, d):
    parsed = files.load(path)
    for issue in parsed["issues"]:
        if issue["severity"] == "warning":
            bb.warn("%s:%d: %s" % (issue["file"], issue["line"], issue["message"]))
    errors = [issue for issue in parsed["issues"] if issue["severity"] == "error"]
    if errors:
        first = errors[0]
        raise bb.parse.ParseError("%s (column %d)" % (first["message"], first["column"]), first["file"], first["line"])
    return parsed["statements"]


def handle(fn, d, include=0, baseconfig=False):
    """Reads one file into d, choosing the reader by extension as BitBake does."""
    if fn.endswith(".conf"):
        return _handle_conf(fn, d, include, baseconfig)
    if os.path.splitext(fn)[1] in (".bb", ".bbclass", ".inc", ".bbappend"):
        return _handle_recipe_file(fn, d, include)
    raise bb.parse.ParseError("not a BitBake file", fn)


def _handle_conf(fn, d, include, baseconfig):
    oldfile = d.getVar("FILE", False) if include else None
    abs_fn = resolve_file(fn, d)
    statements = statements_of(abs_fn, d)
    d.setVar("FILE", abs_fn)
    run(statements, abs_fn, d, baseconfig=baseconfig)
    if oldfile:
        d.setVar("FILE", oldfile)
    return d


def _handle_recipe_file(fn, d, include):
    root, ext = os.path.splitext(os.path.basename(fn))
    if ext == ".bbclass":
        cache = d.getVar("__inherit_cache", False) or []
        if fn not in cache:
            cache.append(fn)
            d.setVar("__inherit_cache", cache)
    oldfile = d.getVar("FILE", False) if include != 0 else None
    abs_fn = resolve_file(fn, d)
    statements = statements_of(abs_fn, d)
    if ext != ".bbclass" and abs_fn != oldfile:
        d.setVar("FILE", abs_fn)
    try:
        run(statements, abs_fn, d)
    except bb.parse.SkipRecipe:
        d.setVar("__SKIPPED", True)
        if include == 0:
            return {"": d}
    if ext != ".bbclass" and include == 0:
        from tckbb import finalize
        return finalize.multi_finalize(fn, d)
    if ext != ".bbclass" and oldfile and abs_fn != oldfile:
        d.setVar("FILE", oldfile)
    return d


def include(parentfn, names, lineno, d, error_out):
    names = d.expand(names)
    parentfn = d.expand(parentfn)
    for fn in names.split():
        include_single_file(parentfn, fn, lineno, d, error_out)


def include_single_file(parentfn, fn, lineno, d, error_out):
    if parentfn == fn:
        return
    if not os.path.isabs(fn):
        found, tried = which("%s:%s" % (os.path.dirname(parentfn), d.getVar("BBPATH")), fn)
        if found and check_dependency(d, found):
            bb.warn("Duplicate inclusion for %s in %s" % (found, d.getVar("FILE")))
        for candidate in tried:
            mark_dependency(d, candidate)
        if found:
            fn = found
    elif check_dependency(d, fn):
        bb.warn("Duplicate inclusion for %s in %s" % (fn, d.getVar("FILE")))
    try:
        handle(fn, d, True)
    except (IOError, OSError) as exc:
        if exc.errno == errno.ENOENT:
            if error_out:
                raise bb.parse.ParseError("Could not %s file %s" % (error_out, fn), parentfn, lineno)
        elif error_out:
            raise bb.parse.ParseError("Could not %s file %s: %s" % (error_out, fn, exc.strerror), parentfn, lineno)
        else:
            raise bb.parse.ParseError("Error parsing %s: %s" % (fn, exc.strerror), parentfn, lineno)


def inherit_defer(expression, fn, lineno, d):
    pending = d.getVar("__BBDEFINHERITS", False) or []
    pending.append((expression, fn, lineno))
    d.setVar("__BBDEFINHERITS", pending)


def inherit(names, fn, lineno, d, deferred=False):
    cache = d.getVar("__inherit_cache", False) or []
    for name in d.expand(names).split():
        if not deferred and name in (d.getVar("BB_DEFER_BBCLASSES") or "").split():
            inherit_defer(name, fn, lineno, d)
            continue
        classtype = d.getVar("__bbclasstype", False)
        for directory in ["classes-" + classtype, "classes"]:
            path = name
            if not os.path.isabs(path) and not path.endswith(".bbclass"):
                path = os.path.join(directory, "%s.bbclass" % path)
            if not os.path.isabs(path):
                found, tried = which(d.getVar("BBPATH"), path)
                for candidate in tried:
                    if candidate != found:
                        mark_dependency(d, candidate)
                if found:
                    path = found
            if os.path.exists(path):
                break
        if not os.path.exists(path):
            raise bb.parse.ParseError("Could not inherit file %s" % path, fn, lineno)
        if path not in cache:
            cache.append(path)
            d.setVar("__inherit_cache", cache)
            try:
                handle(path, d, True)
            except (IOError, OSError) as exc:
                raise bb.parse.ParseError("Could not inherit file %s: %s" % (fn, exc.strerror), fn, lineno)
            cache = d.getVar("__inherit_cache", False) or []


def run(statements, filename, d, baseconfig=False):
    for statement in statements:
        try:
            _EVALUATORS[statement["kind"]](statement, filename, d, baseconfig)
        except bb.parse.ParseError as error:
            if not error.filename:
                error.filename, error.lineno = filename, statement["line"]
            raise
        except bb.data_smart.ExpansionError as error:
            if not hasattr(error, "filename"):
                error.filename, error.lineno = filename, statement["line"]
            raise
        except (bb.parse.SkipRecipe, bb.BBHandledException):
            raise
        except Exception as error:
            raise bb.parse.ParseError("%s: %s" % (type(error).__name__, error), filename, statement["line"]) from error


def _assign(s, filename, d, baseconfig):
    key, flag, op, value = s["name"], s.get("flag"), s["op"], s["value"]
    if s["exported"]:
        d.setVarFlag(key, "export", 1, op="exported")

    def current():
        if flag is not None:
            return d.getVarFlag(key, flag, expand=False, noweakdefault=True)
        return d.getVar(key, False, noweakdefault=True, parsing=True)

    if op == "?=":
        val = current()
        if val is None:
            val = value
    elif op == ":=":
        val = d.createCopy().expand(value, key + "[:=]")
    elif op == "+=":
        val = "%s %s" % (current() or "", value)
    elif op == "=+":
        val = "%s %s" % (value, current() or "")
    elif op == ".=":
        val = "%s%s" % (current() or "", value)
    elif op == "=.":
        val = "%s%s" % (value, current() or "")
    else:
        val = value
    if op in ("+=", "=+", ".=", "=.") and (":append" in key or ":remove" in key or ":prepend" in key):
        bb.warn(key + " " + op + " is not a recommended operator combination, please replace it.")
    target = None
    if flag is not None:
        target = "_defaultval_flag_" + flag if op == "??=" else flag
    elif op == "??=":
        target = "_defaultval"
    if target:
        d.setVarFlag(key, target, val)
    else:
        d.setVar(key, val, parsing=True)


def _include(s, filename, d, baseconfig):
    include(filename, d.expand(s["file"]), s["line"], d, "include required" if s["required"] else False)


def _include_all(s, filename, d, baseconfig):
    name = d.expand(s["file"])
    for path in d.getVar("BBPATH").split(":"):
        include(filename, os.path.join(path, name), s["line"], d, False)


def _export(s, filename, d, baseconfig):
    d.setVarFlag(s["name"], "export", 1, op="exported")


def _unset(s, filename, d, baseconfig):
    if s.get("flag") is not None:
        d.delVarFlag(s["name"], s["flag"])
    else:
        d.delVar(s["name"])


def _function(s, filename, d, baseconfig):
    text = "\n".join(s["body"])
    name = s.get("name")
    python = s["python"]
    if name is None:
        name = "__anon_%s_%s" % (s["endLine"], filename.translate(_anon_name_table))
        python = True
        text = "def %s(d):\n" % name + text
        context.insert_method(name, text, filename, s["line"] - 1)
        anon = d.getVar("__BBANONFUNCS", False) or []
        anon.append(name)
        d.setVar("__BBANONFUNCS", anon)
    if d.getVar(name, False):
        d.delVarFlag(name, "python")
        d.delVarFlag(name, "fakeroot")
    if python:
        d.setVarFlag(name, "python", "1")
    if s["fakeroot"]:
        d.setVarFlag(name, "fakeroot", "1")
    d.setVarFlag(name, "func", 1)
    d.setVar(name, text, parsing=True)
    d.setVarFlag(name, "filename", filename)
    d.setVarFlag(name, "lineno", str(s["line"]))


def _def(s, filename, d, baseconfig):
    text = "\n".join(s["body"])
    lineno = s["endLine"] - len(s["body"]) - 1
    context.insert_method(s["name"], text, filename, lineno)
    d.setVarFlag(s["name"], "func", 1)
    d.setVarFlag(s["name"], "python", 1)
    d.setVar(s["name"], text, parsing=True)
    d.setVarFlag(s["name"], "filename", filename)
    d.setVarFlag(s["name"], "lineno", str(lineno))


def _export_functions(s, filename, d, baseconfig):
    classname = s["className"]
    for func in s["functions"].split():
        called = classname + "_" + func
        base = d.getVar(func, False)
        if base and _SENTINEL not in base:
            continue
        if d.getVar(func, False):
            d.setVarFlag(func, "python", None)
            d.setVarFlag(func, "func", None)
        for flag in ("func", "python"):
            if d.getVarFlag(called, flag, False):
                d.setVarFlag(func, flag, d.getVarFlag(called, flag, False))
        for flag in ("dirs", "cleandirs", "fakeroot"):
            if d.getVarFlag(func, flag, False):
                d.setVarFlag(called, flag, d.getVarFlag(func, flag, False))
        d.setVarFlag(func, "filename", "autogenerated")
        d.setVarFlag(func, "lineno", 1)
        if d.getVarFlag(called, "python", False):
            d.setVar(func, _SENTINEL + "    bb.build.exec_func('" + called + "', d)\n", parsing=True)
        else:
            if "-" in classname:
                bb.fatal("The classname %s contains a dash character and is calling an sh function %s using EXPORT_FUNCTIONS." % (classname, called))
            d.setVar(func, _SENTINEL + "    " + called + "\n", parsing=True)


def _addtask(s, filename, d, baseconfig):
    for task in s["tasks"].split():
        bb.build.addtask(task, s["before"], s["after"], d)


def _deltask(s, filename, d, baseconfig):
    for task in d.expand(s["tasks"]).split():
        bb.build.deltask(task, d)


def _addhandler(s, filename, d, baseconfig):
    handlers = d.getVar("__BBHANDLERS", False) or []
    for name in s["handlers"].split():
        handlers.append(name)
        d.setVarFlag(name, "handler", 1)
    d.setVar("__BBHANDLERS", handlers)


def _inherit(s, filename, d, baseconfig):
    if s["deferred"]:
        inherit_defer(s["classes"], filename, s["line"], d)
    else:
        inherit(s["classes"], filename, s["line"], d)


def _addpylib(s, filename, d, baseconfig):
    if not baseconfig:
        raise bb.parse.ParseError("unparsed line: 'addpylib %s %s' (addpylib belongs in a layer's conf/layer.conf)" % (s["dir"], s["namespace"]), filename, s["line"])
    from tckbb import pylib
    pylib.add(d.expand(s["dir"]), s["namespace"], d)


def _addfragments(s, filename, d, baseconfig):
    from tckbb import fragments
    fragments.add(s, filename, d)


_EVALUATORS = {
    "assign": _assign,
    "include": _include,
    "include_all": _include_all,
    "export": _export,
    "unset": _unset,
    "function": _function,
    "def": _def,
    "export_functions": _export_functions,
    "addtask": _addtask,
    "deltask": _deltask,
    "addhandler": _addhandler,
    "inherit": _inherit,
    "addpylib": _addpylib,
    "addfragments": _addfragments,
}

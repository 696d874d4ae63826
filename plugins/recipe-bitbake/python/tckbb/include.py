"""Files into a datastore: which file a name means (BBPATH, the including file's directory,
classes-<type>/ before classes/), include/require/include_all, inherit and inherit_defer, the
FILE variable, and the list of files a recipe depended on (`__depends`, also every path probed
and not found, so a cache knows what would change the result). The statements of each file are
evaluated by tckbb.evaluate; files come parsed from tckbb.files.
"""
import errno
import os

import bb
from tckbb import evaluate, files


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
    evaluate.run(statements, abs_fn, d, baseconfig=baseconfig)
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
        evaluate.run(statements, abs_fn, d)
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

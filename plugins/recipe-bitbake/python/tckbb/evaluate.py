"""Evaluating parsed statements into a datastore, each as BitBake evaluates it: assignments
with their operators and flags, export/unset, functions (shell, python, anonymous, `def`),
EXPORT_FUNCTIONS, addtask/deltask, addhandler, inherit, addpylib, addfragments. Statements come
from the TypeScript parser as JSON (see src/syntax/statements.ts); tckbb.include reads files.
"""
import os

import bb
from tckbb import context, include as files_of


_SENTINEL = "    # Export function set\n"
_anon_name_table = str.maketrans("/.+-@%&~", "________")


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
    files_of.include(filename, d.expand(s["file"]), s["line"], d, "include required" if s["required"] else False)


def _include_all(s, filename, d, baseconfig):
    name = d.expand(s["file"])
    for path in d.getVar("BBPATH").split(":"):
        files_of.include(filename, os.path.join(path, name), s["line"], d, False)


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
        files_of.inherit_defer(s["classes"], filename, s["line"], d)
    else:
        files_of.inherit(s["classes"], filename, s["line"], d)


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

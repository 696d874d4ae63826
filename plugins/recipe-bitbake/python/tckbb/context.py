"""The one global namespace BitBake metadata python runs in: modules (os, bb, time, the layers'
`oe`), every `def` function and every anonymous function, shared by all recipes of a process
exactly as in BitBake (a `def` evaluated by one recipe stays visible to the next).
Compiled code is cached by its text, since every recipe re-evaluates the same class functions.
"""
import os
import time

_globals = {}
_compiled = {}
_bound = {}
_for_eval = {"stale": True, "globals": {}}


def reset():
    import bb
    _globals.clear()
    _globals.update({"os": os, "bb": bb, "time": time})
    _bound.clear()
    _for_eval["stale"] = True


def globals():
    return _globals


def eval_globals():
    """A copy of the namespace for inline expressions, which also see `d` as a global (so
    generator expressions inside them can use it), refreshed when a function is defined."""
    if _for_eval["stale"] or len(_for_eval["globals"]) < len(_globals):
        _for_eval["globals"] = dict(_globals)
        _for_eval["stale"] = False
    return _for_eval["globals"]


def compile_expression(code, name):
    key = (code, name)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = compile(code, name, "eval")
        _compiled[key] = compiled
    return compiled


def compile_function(text, filename, lineno):
    """A function's text compiled so tracebacks name the metadata file and its real line (blank
    lines in front shift the numbering, which is cheaper than rewriting the tree)."""
    key = (text, filename, lineno)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = compile("\n" * lineno + text, filename, "exec")
        _compiled[key] = compiled
    return compiled


def insert_method(name, text, filename, lineno):
    """Defines a metadata function in the global namespace (once per distinct text)."""
    compiled = compile_function(text, filename, lineno)
    if _bound.get(name) is compiled:
        return
    exec(compiled, _globals)
    _bound[name] = compiled
    _for_eval["stale"] = True

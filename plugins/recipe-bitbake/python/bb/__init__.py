"""tck's stand-in for BitBake's `bb` package: what layer metadata and oe-core's python library
call while recipes are parsed, written from BitBake's documentation and observed behaviour.
Messages go to tckbb.log (the worker sends them back with each result), never to stdout."""
__version__ = "2.19.0"

import sys


class BBHandledException(Exception):
    """An error already reported to the user: parsing this recipe stops without a traceback."""


def _log(level, args):
    from tckbb import log
    log.add(level, "".join(str(a) for a in args))


def plain(*args):
    _log("plain", args)


def debug(level, *args):
    if isinstance(level, str):
        args = (level,) + args
    _log("debug", args)


def note(*args):
    _log("note", args)


def verbnote(*args):
    _log("note", args)


def warn(*args):
    _log("warning", args)


_once = set()


def warnonce(*args):
    key = ("warning", args)
    if key not in _once:
        _once.add(key)
        warn(*args)


def error(*args, **kwargs):
    _log("error", args)


def erroronce(*args):
    key = ("error", args)
    if key not in _once:
        _once.add(key)
        error(*args)


def fatal(*args, **kwargs):
    _log("fatal", args)
    raise BBHandledException()


def deprecated(func, name=None, advice=""):
    return func


from bb import msg, filter, utils, event, data_smart, data, parse, build, fetch2, process, siggen, progress, compress  # noqa: E402
fetch = fetch2
sys.modules["bb.fetch"] = fetch2

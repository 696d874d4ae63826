"""Parsed files, each asked of the TypeScript parser once per process and kept, and the stat
records BitBake keeps for the files a recipe depended on."""
import os

_parsed = {}
_mtimes = {}
_source = None


def set_source(load):
    """`load(path)` returns {"statements": [...], "issues": [...]} or raises FileNotFoundError."""
    global _source
    _source = load


def load(path):
    parsed = _parsed.get(path)
    if parsed is None:
        parsed = _source(path)
        _parsed[path] = parsed
    return parsed


def forget():
    _parsed.clear()
    _mtimes.clear()


def mtime(path):
    found = _mtimes.get(path)
    if found is None:
        try:
            st = os.stat(path)
            found = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            found = 0
        _mtimes[path] = found
    return found

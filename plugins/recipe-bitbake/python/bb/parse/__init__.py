"""bb.parse: parse errors, skipping, the file-dependency records, and the dependency decorators."""
import os

from tckbb import include as _files


class ParseError(Exception):
    def __init__(self, msg, filename, lineno=0):
        self.msg = msg
        self.filename = filename
        self.lineno = lineno
        Exception.__init__(self, msg, filename, lineno)

    def __str__(self):
        if self.lineno:
            return "ParseError at %s:%d: %s" % (self.filename, self.lineno, self.msg)
        return "ParseError in %s: %s" % (self.filename, self.msg)


class SkipRecipe(Exception):
    """Raised to skip this recipe; its message is the reason shown."""


class SkipPackage(SkipRecipe):
    pass


mark_dependency = _files.mark_dependency
check_dependency = _files.check_dependency
resolve_file = _files.resolve_file


def handle(fn, data, include=0, baseconfig=False):
    return _files.handle(fn, data, include, baseconfig)


def cached_mtime_noerror(f):
    from tckbb import files
    return files.mtime(f)


def vars_from_file(mypkg, d):
    if not mypkg or not mypkg.endswith((".bb", ".bbappend")):
        return (None, None, None)
    parts = os.path.splitext(os.path.basename(mypkg))[0].split("_")
    if len(parts) > 3:
        raise ParseError("Unable to generate default variables from filename (too many underscores)", mypkg)
    return parts + [None] * (3 - len(parts))


_normalized = {}


def _absolute(path):
    # Every recipe lists the configuration's few hundred files again: an absolute path (whose
    # abspath does not depend on the working directory) is normalized once.
    if not path.startswith("/"):
        return os.path.abspath(path)
    known = _normalized.get(path)
    if known is None:
        known = _normalized[path] = os.path.normpath(path)
    return known


def get_file_depends(d):
    depends = (d.getVar("__base_depends", False) or []) + (d.getVar("__depends", False) or [])
    return " ".join(_absolute(fn) for fn, _ in depends)


def vardeps(*varnames):
    def mark(f):
        if not hasattr(f, "bb_vardeps"):
            f.bb_vardeps = set()
        f.bb_vardeps |= set(varnames)
        return f
    return mark


def vardepsexclude(*varnames):
    def mark(f):
        if not hasattr(f, "bb_vardepsexclude"):
            f.bb_vardepsexclude = set()
        f.bb_vardepsexclude |= set(varnames)
        return f
    return mark


class _Siggen:
    """Task signatures are computed by part 2 of tck's BitBake support, not while parsing."""
    name = "noop"

    def finalise(self, fn, d, variant):
        pass

    def exit(self):
        pass


siggen = _Siggen()

from bb.parse import BBHandler, ConfHandler  # noqa: E402,F401

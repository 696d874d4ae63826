"""bb.utils: the helpers metadata calls at parse time (contains, filter, dependency strings,
versions, which, files), each written from BitBake's documented behaviour."""
import errno
import fcntl
import hashlib
import os
import re
import shutil

from bb import filter as _filter
from bb._versions import (VersionStringException, explode_dep_versions, explode_dep_versions2, explode_deps,  # noqa: F401
                         explode_version, join_deps, split_version, vercmp, vercmp_part, vercmp_string, vercmp_string_op)


def get_context():
    from tckbb import context
    return context.globals()


def set_context(ctx):
    pass


def clean_context():
    import bb
    import time
    return {"os": os, "bb": bb, "time": time}


def better_eval(source, locals, extraglobals=None):
    ctx = get_context()
    if extraglobals:
        ctx = dict(ctx)
        ctx.update(extraglobals)
    return eval(source, ctx, locals)


def better_exec(code, context, text=None, realfile="<code>", pythonexception=False):
    if isinstance(code, str):
        code = compile(code, realfile, "exec")
    exec(code, get_context(), context)


def simple_exec(code, context):
    exec(code, get_context(), context)


def better_compile(text, file, realfile, mode="exec", lineno=0):
    import ast
    tree = ast.parse(text, realfile, mode)
    if lineno:
        ast.increment_lineno(tree, lineno)
    return compile(tree, realfile, mode)


def _words(value):
    return set(value.split()) if isinstance(value, str) else set(value)


@_filter.filter_proc(name="bb.utils.contains")
def contains(variable, checkvalues, truevalue, falsevalue, d):
    """truevalue when every one of checkvalues is a word of the variable, else falsevalue."""
    val = d.getVar(variable)
    if not val:
        return falsevalue
    return truevalue if _words(checkvalues).issubset(set(val.split())) else falsevalue


def contains_any(variable, checkvalues, truevalue, falsevalue, d):
    """truevalue when any one of checkvalues is a word of the variable, else falsevalue."""
    val = d.getVar(variable)
    if not val:
        return falsevalue
    return truevalue if _words(checkvalues) & set(val.split()) else falsevalue


def filter(variable, checkvalues, d):
    """The words of checkvalues that are also words of the variable, sorted, space-separated."""
    val = d.getVar(variable)
    if not val:
        return ""
    return " ".join(sorted(_words(checkvalues) & set(val.split())))


def filter_string(val, checkvalues):
    """The words of val that are also in checkvalues, sorted, space-separated."""
    if not val:
        return ""
    return " ".join(sorted(_words(checkvalues) & set(val.split())))


def to_boolean(string, default=None):
    """'yes'/'y'/'true'/'t'/'1' → True; 'no'/'n'/'false'/'f'/'0' → False (any case)."""
    if isinstance(string, int) and not isinstance(string, bool):
        string = str(string)
    if not string:
        return default
    if isinstance(string, bool):
        return string
    normalized = string.lower()
    if normalized in ("y", "yes", "1", "true", "t"):
        return True
    if normalized in ("n", "no", "0", "false", "f"):
        return False
    raise ValueError("Invalid value for to_boolean: %s" % string)


def which(path, item, direction=0, history=False, executable=False):
    tried = []
    paths = (path or "").split(":")
    if direction != 0:
        paths.reverse()
    for directory in paths:
        candidate = os.path.join(directory, item)
        tried.append(candidate)
        ok = os.path.isfile(candidate) and os.access(candidate, os.X_OK) if executable else os.path.exists(candidate)
        if ok:
            if not os.path.isabs(candidate):
                candidate = os.path.abspath(candidate)
            return (candidate, tried) if history else candidate
    return ("", tried) if history else ""


def mkdirhier(directory):
    try:
        os.makedirs(directory)
    except OSError as e:
        if e.errno != errno.EEXIST or not os.path.isdir(directory):
            raise e


def remove(path, recurse=False, ionice=False):
    import glob
    for name in glob.glob(path):
        try:
            os.unlink(name)
        except OSError as exc:
            if recurse and exc.errno == errno.EISDIR:
                shutil.rmtree(name)
            elif exc.errno != errno.ENOENT:
                raise


def prunedir(topdir, ionice=False):
    shutil.rmtree(topdir, ignore_errors=True)


def _file_digest(name, algorithm):
    digest = hashlib.new(algorithm)
    with open(name, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def md5_file(filename):
    return _file_digest(filename, "md5")


def sha256_file(filename):
    return _file_digest(filename, "sha256")


def sha1_file(filename):
    return _file_digest(filename, "sha1")


def sha384_file(filename):
    return _file_digest(filename, "sha384")


def sha512_file(filename):
    return _file_digest(filename, "sha512")


def lockfile(name, shared=False, retry=True, block=False):
    mkdirhier(os.path.dirname(name))
    handle = open(name, "a+")
    fcntl.flock(handle.fileno(), fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
    return handle


def unlockfile(handle):
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    handle.close()


def preserved_envvars_exported():
    return ["BB_TASKHASH", "HOME", "LOGNAME", "PATH", "PWD", "SHELL", "USER", "LC_ALL", "BBSERVER"]


def preserved_envvars():
    return ["BBPATH", "BB_PRESERVE_ENV", "BB_ENV_PASSTHROUGH_ADDITIONS"] + preserved_envvars_exported()


def approved_variables(environ=None):
    """The environment variables BitBake lets into the datastore."""
    environ = os.environ if environ is None else environ
    if "BB_PRESERVE_ENV" in environ:
        return list(environ.keys())
    if "BB_ENV_PASSTHROUGH" in environ:
        approved = environ["BB_ENV_PASSTHROUGH"].split() + ["BB_ENV_PASSTHROUGH"]
    else:
        approved = preserved_envvars()
    if "BB_ENV_PASSTHROUGH_ADDITIONS" in environ:
        approved.extend(environ["BB_ENV_PASSTHROUGH_ADDITIONS"].split())
        if "BB_ENV_PASSTHROUGH_ADDITIONS" not in approved:
            approved.append("BB_ENV_PASSTHROUGH_ADDITIONS")
    return approved


def get_file_layer(filename, d):
    """The collection whose BBFILE_PATTERN matches filename (the longest pattern first)."""
    collections = (d.getVar("BBFILE_COLLECTIONS") or "").split()
    best = ""
    best_len = 0
    for collection in collections:
        pattern = d.getVar("BBFILE_PATTERN_%s" % collection) or ""
        if pattern and re.match(pattern, filename) and len(pattern) > best_len:
            best, best_len = collection, len(pattern)
    return best


def is_semver(version):
    return re.match(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$", version) is not None


def cpu_count():
    return os.cpu_count() or 1


def nonblockingfd(fd):
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)


def to_filemode(input):
    return int(input, 8)


def is_local_uid(uid=""):
    return True


def rename(src, dst):
    shutil.move(src, dst)


def copyfile(src, dest, newmtime=None, sstat=None):
    shutil.copy2(src, dest)
    return True


def movefile(src, dest, newmtime=None, sstat=None):
    shutil.move(src, dest)
    return True

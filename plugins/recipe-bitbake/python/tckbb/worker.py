"""The python worker tck's BitBake parser talks to: JSON lines on stdin/stdout.

Requests {"id", "op", ...} are answered {"id", "result"} or {"id", "error"}. While answering, the
worker may ask for a parsed file with {"ask", "path"}; tck answers {"answer", "parsed"} or
{"answer", "missing": true}. Metadata's own prints go to stderr, never into the protocol.
"""
import json
import os
import sys

PROTOCOL_OUT = os.fdopen(os.dup(1), "w", buffering=1)
PROTOCOL_IN = sys.stdin
sys.stdout = sys.stderr

import bb  # noqa: E402
from tckbb import config as config_module, context, files, log, recipe  # noqa: E402

_asked = 0
_state = {"config": None}


def _send(message):
    PROTOCOL_OUT.write(json.dumps(message, separators=(",", ":")) + "\n")


def _load(path):
    global _asked
    _asked += 1
    _send({"ask": _asked, "path": path})
    reply = json.loads(PROTOCOL_IN.readline())
    if reply.get("missing"):
        raise FileNotFoundError(2, "No such file or directory", path)
    return reply["parsed"]


_opened = set()
_open = open


def _recording_open(file, mode="r", *args, **kwargs):
    """Files metadata python reads while the configuration is parsed (/etc/os-release for
    NATIVELSBSTRING, say) are inputs of the configuration like the files it includes."""
    if isinstance(file, str) and "r" in mode and "+" not in mode:
        _opened.add(os.path.abspath(file))
    return _open(file, mode, *args, **kwargs)


def configure(request):
    import builtins
    _opened.clear()
    builtins.open = _recording_open
    try:
        return _configure(request)
    finally:
        builtins.open = _open


def _configure(request):
    context.reset()
    files.forget()
    os.chdir(request["cwd"])
    config = config_module.parse_configuration(request["env"], request["cwd"])
    _state["config"] = config
    names = ["BBFILES", "BBMASK", "BBFILE_COLLECTIONS", "BBLAYERS", "BBPATH", "TOPDIR", "LAYERSERIES_CORENAMES", "BB_CACHEDIR",
             "MACHINE", "DISTRO", "TMPDIR", "PREFERRED_PROVIDERS", "BBFILES_DYNAMIC", "BBINCLUDED"]
    values = {name: config.getVar(name) for name in names}
    for collection in (values["BBFILE_COLLECTIONS"] or "").split():
        for prefix in ("BBFILE_PATTERN_", "BBFILE_PRIORITY_", "LAYERDEPENDS_", "LAYERVERSION_", "LAYERSERIES_COMPAT_", "BBFILE_PATTERN_IGNORE_EMPTY_"):
            values[prefix + collection] = config.getVar(prefix + collection)
    preferred = {key: config.getVar(key) for key in config.keys() if key.startswith(("PREFERRED_PROVIDER_", "PREFERRED_VERSION_", "PREFERRED_RPROVIDER_"))}
    depends = {os.path.abspath(path): [str(part) for part in stamp] if stamp else [] for path, stamp in (config.getVar("__base_depends", False) or [])}
    for path in _opened:
        depends.setdefault(path, [str(part) for part in files.mtime(path)] if files.mtime(path) else [])
    depends = [[path] + depends[path] for path in sorted(depends)]
    return {"values": values, "preferred": preferred, "depends": depends}


def parse(request):
    fn = request["file"]
    stores = recipe.parse(_state["config"], fn, request.get("appends") or [], request.get("layer"))
    variants = []
    for variant, d in stores.items():
        variants.append(recipe.summary(fn, variant, d, full=request.get("values") == "summary"))
    result = {"file": fn, "variants": variants, "depends": recipe.depends_of(stores)}
    wanted = request.get("all") or []
    if wanted:
        result["all"] = {recipe.virtual_name(fn, variant): recipe.all_values(d) for variant, d in stores.items() if variant in wanted}
    return result


def config_values(request):
    return {"all": recipe.all_values(_state["config"])}


def _datastore(request):
    """The configuration, or one variant of a recipe file parsed afresh."""
    if not request.get("file"):
        return _state["config"]
    stores = recipe.parse(_state["config"], request["file"], request.get("appends") or [], request.get("layer"))
    variant = request.get("variant") or ""
    if variant not in stores:
        raise KeyError("%s has no variant %s" % (request["file"], variant))
    return stores[variant]


def getvar(request):
    d = _datastore(request)
    name, flag, expand = request["name"], request.get("flag"), not request.get("unexpand")
    value = d.getVarFlag(name, flag, expand) if flag else d.getVar(name, expand)
    return {"value": None if value is None else str(value)}


def env(request):
    from tckbb import emit
    return {"text": emit.emit_env(_datastore(request))}


def select(request):
    from tckbb import providers
    name, note = providers.best(_state["config"], request["pn"], request["candidates"])
    return {"name": name, "note": note}


def run_python(request):
    """Runs python against a fresh datastore `d` (tests of the datastore and parser use it):
    the code leaves its answer in `result`, anything JSON can carry."""
    namespace = {"bb": bb, "d": bb.data.init(), "os": os}
    exec(compile(request["code"], "<run_python>", "exec"), namespace)
    return {"result": namespace.get("result")}


OPS = {"run_python": run_python, "configure": configure, "parse": parse, "config_values": config_values, "getvar": getvar, "env": env, "select": select}


def main():
    files.set_source(_load)
    context.reset()
    for line in PROTOCOL_IN:
        request = json.loads(line)
        reply = {"id": request["id"]}
        try:
            reply["result"] = OPS[request["op"]](request)
        except Exception as error:
            reply["error"] = recipe.describe_error(error, request.get("file"))
            if os.environ.get("TCK_BITBAKE_DEBUG"):
                import traceback
                traceback.print_exc()
        reply["messages"] = log.take()
        _send(reply)


if __name__ == "__main__":
    if os.environ.get("TCK_BITBAKE_PROFILE"):
        import cProfile
        cProfile.run("main()", os.environ["TCK_BITBAKE_PROFILE"] + ".%d" % os.getpid())
    else:
        main()
    if os.environ.get("TCK_BITBAKE_CPU"):
        import resource
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(os.environ["TCK_BITBAKE_CPU"], "a") as f:
            f.write("%.3f\n" % (usage.ru_utime + usage.ru_stime))

"""addpylib: a layer's python library (oe-core's `oe`) imported as BitBake imports it: the
directory on sys.path, the namespace and each module of its BBIMPORTS in the global context."""
import sys

from tckbb import context


def add(libdir, namespace, d):
    import bb
    for module in (d.getVar("BB_GLOBAL_PYMODULES") or "").split():
        if module not in context.globals():
            context.globals()[module] = __import__(module)
    if libdir not in sys.path:
        sys.path.append(libdir)
    try:
        context.globals()[namespace] = __import__(namespace)
        for name in getattr(context.globals()[namespace], "BBIMPORTS", []):
            context.globals()[namespace] = __import__(namespace + "." + name)
    except AttributeError as e:
        bb.error("Error importing OE modules: %s" % str(e))

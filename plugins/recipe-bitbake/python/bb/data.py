"""bb.data: module-level datastore helpers."""
from tckbb.datastore import DataSmart


def init():
    return DataSmart()


def init_db(parent=None):
    return parent.createCopy() if parent is not None else DataSmart()


def createCopy(source):
    return source.createCopy()


def initVar(var, d):
    d.initVar(var)


def keys(d):
    return d.keys()


def expand(s, d, varname=None):
    return d.expand(s, varname)


def expandKeys(alterdata, readdata=None):
    """Renames every variable whose name contains ${...} to its expanded name, in sorted order."""
    import bb
    if readdata is None:
        readdata = alterdata
    todo = {}
    candidates = alterdata.keys_to_expand() if hasattr(alterdata, "keys_to_expand") else alterdata
    for key in candidates:
        if "${" not in key:
            continue
        expanded = readdata.expand(key)
        if expanded != key:
            todo[key] = expanded
    for key in sorted(todo):
        expanded = todo[key]
        existing = alterdata.getVar(expanded, False)
        if existing is not None:
            value = alterdata.getVar(key, False)
            if value is not None:
                bb.warn("Variable key %s (%s) replaces original key %s (%s)." % (key, value, expanded, existing))
        alterdata.renameVar(key, expanded)


def inheritFromOS(d, savedenv, permitted):
    import bb
    exported = bb.utils.preserved_envvars_exported()
    for name in savedenv.keys():
        if name in permitted:
            try:
                d.setVar(name, savedenv.getVar(name), op="from env")
                if name in exported:
                    d.setVarFlag(name, "export", True, op="auto env export")
            except TypeError:
                pass


def inherits_class(klass, d):
    needle = "/%s.bbclass" % klass
    return any(path.endswith(needle) for path in (d.getVar("__inherit_cache", False) or []))


def exported_keys(d):
    import bb
    return (key for key in d.keys() if not key.startswith("__") and bb.utils.to_boolean(d.getVarFlag(key, "export"))
            and not bb.utils.to_boolean(d.getVarFlag(key, "unexport")))


def exported_vars(d):
    for key in list(exported_keys(d)):
        try:
            value = d.getVar(key)
        except Exception:
            continue
        if value is not None:
            yield key, str(value)

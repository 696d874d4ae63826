"""The configuration every recipe starts from, in BitBake's order: the environment it lets in,
conf/bblayers.conf (found under BBPATH or the directories above the current one), each layer's
conf/layer.conf with LAYERDIR set, conf/bitbake.conf through BBPATH (it includes local.conf,
machine and distro configuration), the base class and INHERIT classes, then ConfigParsed."""
import os
import re

import bb
from tckbb import include
from tckbb.datastore import DataSmart


class ConfigError(Exception):
    pass


def find_config_file(name, d, cwd):
    candidates = []
    bbpath = d.getVar("BBPATH")
    if bbpath:
        candidates += [os.path.join(p, "conf", name) for p in bbpath.split(":")]
    path = cwd
    while path != "/":
        candidates.append(os.path.join(path, "conf", name))
        path = os.path.dirname(path)
    return next((c for c in candidates if os.path.exists(c)), None)


def _parse_config_file(fn, d):
    return include.handle(fn, d, True, baseconfig=True)


def base_datastore(environ):
    base = DataSmart()
    saved = DataSmart()
    for key, value in environ.items():
        saved.setVar(key, value)
    bb.data.inheritFromOS(base, saved, bb.utils.approved_variables(environ))
    base.setVar("BB_ORIGENV", saved)
    base.setVar("__bbclasstype", "global")
    return base


def _layers(data, layerconf):
    data.setVar("TOPDIR", os.path.dirname(os.path.dirname(layerconf)))
    data = _parse_config_file(layerconf, data)
    if not data.getVar("BB_CACHEDIR"):
        data.setVar("BB_CACHEDIR", "${TOPDIR}/cache")
    layers = (data.getVar("BBLAYERS") or "").split()
    if not layers:
        raise ConfigError("The bblayers.conf file doesn't contain any BBLAYERS definition")
    data = data.createCopy()
    missing = [layer for layer in layers if not os.path.isdir(layer)]
    if missing:
        raise ConfigError("These layer directories of BBLAYERS (in %s) do not exist: %s" % (layerconf, " ".join(missing)))
    series = None
    compat = {}
    for layer in layers:
        if "~" in layer:
            layer = os.path.expanduser(layer)
        layer = layer.rstrip("/")
        data.setVar("LAYERDIR", layer)
        data.setVar("LAYERDIR_RE", re.escape(layer))
        data = _parse_config_file(os.path.join(layer, "conf", "layer.conf"), data)
        data.expandVarref("LAYERDIR")
        data.expandVarref("LAYERDIR_RE")
        for collection in (data.getVar("BBFILE_COLLECTIONS") or "").split():
            entry = data.getVar("LAYERSERIES_COMPAT_%s" % collection)
            if entry:
                compat[collection] = set(entry.split())
                data.delVar("LAYERSERIES_COMPAT_%s" % collection)
        if not series:
            series = set((data.getVar("LAYERSERIES_CORENAMES") or "").split())
            if series:
                data.delVar("LAYERSERIES_CORENAMES")
    data.delVar("LAYERDIR_RE")
    data.delVar("LAYERDIR")
    for collection in compat:
        data.setVar("LAYERSERIES_COMPAT_%s" % collection, " ".join(sorted(compat[collection])))
    collections = (data.getVar("BBFILE_COLLECTIONS") or "").split()
    for entry in (data.getVar("BBFILES_DYNAMIC") or "").split():
        parts = entry.split(":", 1)
        if len(parts) != 2:
            raise ConfigError("BBFILES_DYNAMIC entries must be of the form {!}<collection name>:<filename pattern>, not %s" % entry)
        layer, pattern = parts
        invert = layer.startswith("!")
        layer = layer.lstrip("!") if invert else layer
        if (layer in collections) != invert:
            data.appendVar("BBFILES", " " + pattern)
    seen = set()
    for collection in collections:
        if collection in seen:
            raise ConfigError("Found duplicated BBFILE_COLLECTIONS '%s', check bblayers.conf or layer.conf to fix it." % collection)
        seen.add(collection)
        wanted = compat.get(collection, set())
        if wanted and not series:
            raise ConfigError("No core layer found to work with layer '%s'. Missing entry in bblayers.conf?" % collection)
        if wanted and not (wanted & series):
            raise ConfigError("Layer %s is not compatible with the core layer which only supports these series: %s (layer is compatible with %s)" % (collection, " ".join(series), " ".join(wanted)))
        if not wanted:
            bb.warn("Layer %s should set LAYERSERIES_COMPAT_%s in its conf/layer.conf file to list the core layer names it is compatible with." % (collection, collection))
    data.setVar("LAYERSERIES_CORENAMES", " ".join(sorted(series or ())))
    return data


def parse_configuration(environ, cwd, prefiles=(), postfiles=()):
    """The configuration datastore recipes copy (BitBake's base configuration for mc '')."""
    data = base_datastore(environ).createCopy()
    data.setVar("BB_CURRENT_MC", "")
    for f in prefiles:
        data = _parse_config_file(f, data)
    layerconf = find_config_file("bblayers.conf", data, cwd)
    if layerconf:
        data = _layers(data, layerconf)
    if not data.getVar("BBPATH"):
        raise ConfigError("The BBPATH variable is not set" + ("" if layerconf else " and there is no conf/bblayers.conf in %s or above it" % cwd))
    if not data.getVar("TOPDIR"):
        data.setVar("TOPDIR", cwd)
    if not data.getVar("BB_CACHEDIR"):
        data.setVar("BB_CACHEDIR", "${TOPDIR}/cache")
    data = _parse_config_file(os.path.join("conf", "bitbake.conf"), data)
    for f in postfiles:
        data = _parse_config_file(f, data)
    for bbclass in ["base"] + (data.getVar("INHERIT") or "").split():
        include.inherit(bbclass, "configuration INHERITs", 0, data)
    for name in data.getVar("__BBHANDLERS", False) or []:
        filename = data.getVarFlag(name, "filename", False)
        if not filename:
            raise ConfigError("Undefined event handler function '%s'" % name)
        bb.event.register(name, data.getVar(name, False), (data.getVarFlag(name, "eventmask") or "").split(), filename, int(data.getVarFlag(name, "lineno", False)), data)
    data.setVar("BBINCLUDED", bb.parse.get_file_depends(data))

    bb.event.fire(bb.event.ConfigParsed(), data)
    if data.getVar("BB_INVALIDCONF", False) is True:
        raise ConfigError("a ConfigParsed handler asked for the configuration to be parsed again (BB_INVALIDCONF); tck does not re-parse")
    _check_renamed(data)
    data.renameVar("__depends", "__base_depends")
    data.setVar("__bbclasstype", "recipe")
    data = data.createCopy()
    set_prioritized_bbfiles(data)
    data.flatten()
    data.share_expansions()
    return data


def set_prioritized_bbfiles(d):
    """BBFILES in collection priority order, which BitBake records as BBFILES_PRIORITIZED."""
    collections = []
    for name in (d.getVar("BBFILE_COLLECTIONS") or "").split():
        pattern = d.getVar("BBFILE_PATTERN_%s" % name) or ""
        collections.append((pattern, re.compile(pattern), int(d.getVar("BBFILE_PRIORITY_%s" % name) or 0)))
    collections.sort(key=lambda c: c[0], reverse=True)

    def priority(entry):
        return next((p for _, regex, p in collections if regex.match(entry)), 0)

    files = (d.getVar("BBFILES") or "").split()
    files.sort(key=priority)
    d.setVar("BBFILES_PRIORITIZED", " ".join(files))


def _check_renamed(d):
    renamed = d.getVarFlags("BB_RENAMED_VARIABLES") or {}
    renamed.update(bb.data_smart.bitbake_renamed_vars)
    problems = [name for name in renamed if d.getVar(name) is not None or d.hasOverrides(name)]
    if problems:
        raise ConfigError("Renamed variables are still set: %s" % ", ".join("%s (now %s)" % (name, renamed[name]) for name in problems))

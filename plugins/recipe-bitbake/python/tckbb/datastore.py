"""The datastore BitBake's metadata is evaluated into, with BitBake's observable semantics.

Written from BitBake's documentation and observed behaviour (not its code). A store is a chain of
layers: a copy shares its parent's layer and writes only its own (copy on write per variable), so
one copy of the configuration per recipe is cheap. A variable is a dict of flags; its value is the
flag "_content", a weak default "_defaultval", and ":append"/":prepend"/":remove" hold lists of
[value, override] pairs applied when read. `overridedata` maps a base name to the [full name,
override] pairs that may replace it when their override is active.
"""
import re

from tckbb import expansion
from tckbb.expansion import ExpansionError, VariableParse, get_flag as _get_flag
from tckbb.history import IncludeHistory, NoHistory
from tckbb.keys import Keys
from tckbb.layers import LAYER_PARENT as _LAYER_PARENT, TASK_FLAGGED as _TASK_FLAGGED, active as _active, override_changes as _override_changes

_WROTE = "\0wrote"
OPERATION_KEYWORDS = (":append", ":prepend", ":remove")
_operation = re.compile(r"(?P<base>.*?)(?P<keyword>:append|:prepend|:remove)(:(?P<add>[^A-Z]*))?$")
_override_word = re.compile(r"[a-z0-9]+")

RENAMED = {
    "BB_ENV_WHITELIST": "BB_ENV_PASSTHROUGH",
    "BB_ENV_EXTRAWHITE": "BB_ENV_PASSTHROUGH_ADDITIONS",
    "BB_HASHBASE_WHITELIST": "BB_BASEHASH_IGNORE_VARS",
    "BB_HASHCONFIG_WHITELIST": "BB_HASHCONFIG_IGNORE_VARS",
    "BB_HASHTASK_WHITELIST": "BB_TASKHASH_IGNORE_TASKS",
    "BB_SETSCENE_ENFORCE_WHITELIST": "BB_SETSCENE_ENFORCE_IGNORE_TASKS",
    "MULTI_PROVIDER_WHITELIST": "BB_MULTI_PROVIDER_ALLOWED",
    "BB_STAMP_WHITELIST": "is a deprecated variable and support has been removed",
    "BB_STAMP_POLICY": "is a deprecated variable and support has been removed",
}


class SharedExpansions:
    """Expansions every recipe of a configuration shares. A value a recipe computed reading only
    variables that no datastore of its recipe file wrote, and testing only overrides whose
    activity is the configuration's, is the value any recipe computes: a recipe uses it while it
    has written none of those variables and changed none of those overrides (in `_written`).
    A value whose computation wrote to the datastore is never shared."""

    def __init__(self, overrides):
        self.values = {}
        self.overrides = overrides


class DataSmart(Keys):
    def __init__(self):
        self.dict = {}
        self.varhistory = NoHistory()
        self.inchistory = IncludeHistory()
        self._tracking = False
        self._var_renames = dict(RENAMED)
        self.expand_cache = {}
        self._dependents = {}
        self._frames = []
        # Expansions shared by every recipe (see share_expansions); None outside a recipe.
        self._shared = None
        self._written = None
        self.overridedata = {}
        self.overrides = None
        self.overridesset = set()
        self._cached_under = ()
        self._provisional = []
        self.overridevars = {"OVERRIDES", "FILE"}
        self.inoverride = False
        self.filters = {}

    # -- tracking is accepted and ignored: no history is kept
    def enableTracking(self):
        self._tracking = True

    def disableTracking(self):
        self._tracking = False

    # -- expansion
    def expandWithRefs(self, s, varname):
        return expansion.expand_with_refs(self, s, varname)

    def expand(self, s, varname=None):
        return expansion.expand_with_refs(self, s, varname).value

    def need_overrides(self):
        if self.overrides is not None or self.inoverride:
            return
        history = []
        for attempt in range(5):
            self.inoverride = True
            if attempt == 0:
                self._set_overrides([])
            else:
                # As in BitBake, OVERRIDES is computed afresh under no overrides, yet what was
                # computed under the list tried last is still seen: a later attempt starts from it.
                self.overrides, self.overridesset = [], set()
            computed = (self.getVar("OVERRIDES") or "").split(":") or []
            history.append(computed)
            self.inoverride = False
            for name in self._provisional:
                self.expand_cache.pop(name, None)
            self._provisional = []
            self._set_overrides(computed)
            again = (self.getVar("OVERRIDES") or "").split(":") or []
            if again == computed:
                if self._written is not None:
                    self._written.update(_override_changes(self._shared.overrides, computed))
                return
            self._set_overrides(again)
        import bb
        bb.fatal("Overrides could not be expanded into a stable state after 5 iterations: %s" % "\n".join(str(h) for h in history))

    def _set_overrides(self, active):
        """Makes `active` the active overrides, forgetting the expansions that tested an override
        whose activity that changes."""
        for name in _override_changes(self._cached_under, active):
            self._forget(name)
        self._cached_under = active
        self.overrides = active
        self.overridesset = set(active)

    # -- layers
    def _forget_expansions(self):
        self.expand_cache = {}
        self._dependents = {}

    def share_expansions(self):
        """Makes this (finished) configuration the source of the expansions its copies share (see
        SharedExpansions)."""
        self.need_overrides()
        self._shared = SharedExpansions(self.overrides)

    def _touch(self, var):
        """var's entry changed: forget the cached expansions that read it (and those that read
        everything, such as an inline expression iterating the keys)."""
        if self._written is not None:
            self._written.add(var)
        elif self._shared is not None:
            self._shared.values.clear()
        if self._frames:
            # A write while a value is computed (inline python's side effect): a recipe served
            # that value from the shared expansions would not make the write.
            self._frames[-1].add(_WROTE)
        if self.expand_cache:
            self._forget(var)

    def _touch_flag(self, var, flag):
        """var[flag] changed: what read that flag, and what read var's whole entry."""
        if flag.startswith("_defaultval_flag_"):
            flag = flag[len("_defaultval_flag_"):]
        self._touch(var + "[" + flag + "]")

    def _touch_entry(self, var):
        """var's entry is replaced or deleted: its content and every flag it has change."""
        self._touch(var)
        for flag in self._findVar(var) or ():
            self._touch_flag(var, flag)

    def _forget(self, var):
        cache, dependents = self.expand_cache, self._dependents
        for name in dependents.pop(var, ()):
            cache.pop(name, None)
        if "\0all" in dependents:
            for name in dependents.pop("\0all"):
                cache.pop(name, None)

    def _findVar(self, var, read=None):
        """var's entry; what is being computed now reads `read` (a flag's reader reads only var[flag])."""
        frames = self._frames
        if frames:
            frames[-1].add(read or var)
        layer = self.dict
        while layer:
            if var in layer:
                return layer[var]
            layer = layer.get(_LAYER_PARENT)
        return None

    def _own(self, var):
        if var not in self.dict:
            found = self._findVar(var)
            self.dict[var] = dict(found) if found else {}
        return self.dict[var]

    def initVar(self, var):
        self._touch_entry(var)
        if var not in self.dict:
            self.dict[var] = {}

    def hasOverrides(self, var):
        return var in self.overridedata

    def _check_rename(self, var, loginfo, full=None):
        if var in self._var_renames:
            import bb
            where = ""
            if "file" in loginfo:
                where = " (file: %s line: %s)" % (loginfo.get("file"), loginfo.get("line"))
            info = self._var_renames[var]
            if " " in info:
                bb.erroronce("Variable %s %s%s" % (var, info, where))
            else:
                bb.erroronce("Variable %s has been renamed to %s%s" % (var, info, where))
            self.setVar("_FAILPARSINGERRORHANDLED", True)

    # -- setting
    def setVar(self, var, value, **loginfo):
        if ("_append" in var or "_prepend" in var or "_remove" in var) and not var.startswith("__anon_"):
            import bb
            where = "".join(" %s: %s" % (k, loginfo[k]) for k in ("file", "line") if k in loginfo)
            bb.fatal("Variable %s%s contains an operation using the old override syntax. Please convert this layer/metadata before attempting to use with a newer bitbake." % (var, where))
        if self._var_renames:
            self._check_rename(var.partition(":")[0], loginfo, var)
        parsing = "parsing" in loginfo

        m = _operation.match(var) if ":" in var else None
        if m:
            self._touch(var)
            base, keyword, override = m.group("base"), m.group("keyword"), m.group("add")
            pending = self.getVarFlag(base, keyword, False) or []
            pending.append([value, override])
            self.setVarFlag(base, keyword, pending, ignore=True)
            self._note_override(base)
            if base in self.overridevars:
                self._track_override_inputs(var, value)
            return

        entry = self._own(var)
        if not parsing:
            for keyword in OPERATION_KEYWORDS:
                if entry.pop(keyword, None) is not None:
                    self._touch_flag(var, keyword)
            if var in self.overridedata:
                self.need_overrides()
                for full, override in self.overridedata[var]:
                    if _active(override, self.overridesset):
                        self.delVar(full)
                del self.overridedata[var]
            entry = self._own(var)
        if ":" in var:
            self._note_override(var)
        entry["_content"] = value
        self._touch(var)
        if var in self.overridevars:
            self._track_override_inputs(var, value)

    def _track_override_inputs(self, var, value):
        """Variables OVERRIDES depends on: setting one of them recomputes the active overrides."""
        parsed = self.expandWithRefs(value, var)
        new = parsed.references | set(parsed.contains.keys())
        while not new.issubset(self.overridevars):
            more = set()
            self.overridevars.update(new)
            for name in new:
                parsed = self.expandWithRefs(self.getVar(name), name)
                more |= parsed.references | set(parsed.contains.keys())
            new = more
        self.overrides = None

    def _override_chain(self, var):
        """(base, override) pairs a name can override: A:b:c → (A:b, c), (A, b:c)."""
        cut = var.rfind(":")
        if cut < 0:
            return ()
        override = var[cut + 1:]
        short = var[:cut]
        found = []
        while override and _override_word.match(override):
            found.append((short, override))
            override = None
            cut = short.rfind(":")
            if cut >= 0:
                override = var[cut + 1:]
                short = var[:cut]
                if not short:
                    override = None
        return found

    def _note_override(self, var):
        overridedata = self.overridedata
        for short, override in self._override_chain(var):
            pairs = overridedata.get(short, ())
            if [var, override] not in pairs:
                overridedata[short] = list(pairs) + [[var, override]]
                self._touch(short)

    def getVar(self, var, expand=True, noweakdefault=False, parsing=False):
        if expand and not noweakdefault:
            # The common case, a cached expansion (see get_flag for the others).
            hit = self.expand_cache.get(var)
            if hit is not None and (self.overrides is not None or not hit.sensitive):
                if self._frames:
                    self._frames[-1].update(hit.deps)
                return hit.value
        return _get_flag(self, var, "_content", expand, noweakdefault, parsing, False)

    def renameVar(self, key, newkey, **loginfo):
        if key == newkey:
            import bb
            bb.warn("Calling renameVar with equivalent keys (%s) is invalid" % key)
            return
        found = False
        val = self.getVar(key, 0, parsing=True)
        if val is not None:
            self.setVar(newkey, val, ignore=True, parsing=True)
            found = True
        for flag, pending in (self.getVarFlags(key, False, True) or {}).items():
            if flag not in OPERATION_KEYWORDS:
                continue
            dest = self.getVarFlag(newkey, flag, False) or []
            dest.extend(pending)
            self.setVarFlag(newkey, flag, dest, ignore=True)
            found = True
        if key in self.overridedata:
            found = True
            self._touch(newkey)
            self.overridedata[newkey] = []
            for full, override in self.overridedata[key]:
                self.overridedata[newkey].append([full.replace(key, newkey), override])
                self.renameVar(full, full.replace(key, newkey))
        if not found:
            return
        if ":" in newkey and val is None:
            self._note_override(newkey)
        self.delVar(key, ignore=True)

    def appendVar(self, var, value, **loginfo):
        self.setVar(var + ":append", value, ignore=True, parsing=True)

    def prependVar(self, var, value, **loginfo):
        self.setVar(var + ":prepend", value, ignore=True, parsing=True)

    def delVar(self, var, **loginfo):
        self._touch_entry(var)
        self.dict[var] = {}
        self.overridedata.pop(var, None)
        if ":" in var:
            for short, override in self._override_chain(var):
                if short in self.overridedata:
                    pairs = list(self.overridedata[short])
                    if [var, override] in pairs:
                        pairs.remove([var, override])
                        self._touch(short)
                    self.overridedata[short] = pairs

    def setVarFlag(self, var, flag, value, **loginfo):
        self._touch(var)
        self._touch_flag(var, flag)
        if var == "BB_RENAMED_VARIABLES":
            self._var_renames[flag] = value
        self._check_rename(var, loginfo)
        self._own(var)[flag] = value
        if flag == "task" or flag == "_defaultval_flag_task":
            _TASK_FLAGGED.add(var)
        if flag == "_defaultval" and ":" in var:
            self._note_override(var)
        if flag == "_defaultval" and var in self.overridevars:
            self._track_override_inputs(var, value)
        if flag in ("unexport", "export"):
            exports = self._own("__exportlist")
            if "_content" not in exports:
                exports["_content"] = set()
            exports["_content"].add(var)
            self._touch("__exportlist")

    def getVarFlag(self, var, flag, expand=True, noweakdefault=False, parsing=False, retparser=False):
        return _get_flag(self, var, flag, expand, noweakdefault, parsing, retparser)

    def delVarFlag(self, var, flag, **loginfo):
        self._touch(var)
        self._touch_flag(var, flag)
        if not self._findVar(var):
            return
        entry = self._own(var)
        if flag in entry:
            del entry[flag]
            entry.pop("_defaultval_flag_" + flag, None)

    def appendVarFlag(self, var, flag, value, **loginfo):
        self.setVarFlag(var, flag, (self.getVarFlag(var, flag, False) or "") + value, ignore=True)

    def prependVarFlag(self, var, flag, value, **loginfo):
        self.setVarFlag(var, flag, value + (self.getVarFlag(var, flag, False) or ""), ignore=True)

    def setVarFlags(self, var, flags, **loginfo):
        self._touch(var)
        for flag in flags:
            self._touch_flag(var, flag)
        entry = self._own(var)
        for flag in flags:
            if flag != "_content":
                entry[flag] = flags[flag]
        if "task" in flags or "_defaultval_flag_task" in flags:
            _TASK_FLAGGED.add(var)

    def getVarFlags(self, var, expand=False, internalflags=False):
        found = self._findVar(var)
        if found and internalflags and not expand:
            return dict(found) or None
        flags = {}
        if found:
            for name, value in found.items():
                if name.startswith("_defaultval_flag_") and not internalflags:
                    name = name[len("_defaultval_flag_"):]
                    if name not in found:
                        flags[name] = value
                elif name.startswith(("_", ":")) and not internalflags:
                    continue
                else:
                    flags[name] = value
                if expand and name in expand and name in flags:
                    flags[name] = self.expand(flags[name], var + "[" + name + "]")
        return flags or None

    def delVarFlags(self, var, **loginfo):
        self._touch_entry(var)
        entry = self._own(var)
        if "_content" in entry:
            self.dict[var] = {"_content": entry["_content"]}
        else:
            del self.dict[var]

    def createCopy(self):
        copy = DataSmart()
        copy.dict[_LAYER_PARENT] = self.dict
        copy._tracking = self._tracking
        # One stack for a configuration and all its copies: metadata python reading a copy
        # (localdata) inside an expansion makes those reads the expansion's inputs too.
        copy._frames = self._frames
        if self._shared is not None:
            copy._shared = self._shared
            copy._written = {_WROTE} if self._written is None else self._written
        copy._var_renames = self._var_renames
        copy.filters = dict(self.filters)
        copy.overridevars = set(self.overridevars)
        copy.overridedata = dict(self.overridedata)
        return copy

    def setVarFilter(self, var, filter):
        self._forget_expansions()
        if filter:
            self.filters[var] = filter
        else:
            self.filters.pop(var, None)

    def keys(self):
        return list(iter(self))

    def __len__(self):
        return len(frozenset(iter(self)))

    def __contains__(self, item):
        return self.getVar(item, False) is not None

    def __getitem__(self, item):
        value = self.getVar(item, False)
        if value is None:
            raise KeyError(item)
        return value

    def __setitem__(self, var, value):
        self.setVar(var, value)

    def __delitem__(self, var):
        self.delVar(var)

    def items(self):
        return [(key, self[key]) for key in self]

    def get(self, key, default=None):
        value = self.getVar(key, False)
        return default if value is None else value


__all__ = ["DataSmart", "ExpansionError", "VariableParse"]

"""Reading a variable: overrides, :append/:prepend/:remove, and ${VAR} / ${@python} expansion.

The order is BitBake's observed one: an active override replaces the value (the override listed
last in OVERRIDES wins, combined overrides after single ones); then the base's appends and
prepends whose overrides are all active; then expansion; then removals, word by word, keeping
the whitespace between the words that stay.
"""
import builtins
import re
import sys

from tckbb import context
from tckbb.layers import SENSITIVE, tested as _tested

_var_ref = re.compile(r"\${[a-zA-Z0-9\-_+./~:]+}")
_python_ref = re.compile(r"\${@(?:{.*?}|.)+?}")
_whitespace_kept = re.compile(r"(\s)")


class ExpansionError(Exception):
    def __init__(self, varname, expression, exception):
        self.expression = expression
        self.variablename = varname
        self.exception = exception
        self.varlist = [varname or expression or ""]
        kind = type(exception).__name__
        if varname:
            if expression:
                self.msg = "Failure expanding variable %s, expression was %s which triggered exception %s: %s" % (varname, expression, kind, exception)
            else:
                self.msg = "Failure expanding variable %s: %s: %s" % (varname, kind, exception)
        else:
            self.msg = "Failure expanding expression %s which triggered exception %s: %s" % (expression, kind, exception)
        Exception.__init__(self, self.msg)
        self.args = (varname, expression, exception)

    def addVar(self, varname):
        if varname:
            self.varlist.append(varname)

    def __str__(self):
        return self.msg + "\nThe variable dependency chain for the failure is: " + " -> ".join(self.varlist)


class VariableParse:
    """One expansion: its value and what it referred to (variables, python code, contains)."""

    __slots__ = ("varname", "d", "value", "unexpanded_value", "references", "_contains", "python", "deps", "sensitive", "removes")
    execs = frozenset()

    def __init__(self, varname, d, unexpanded_value=None, val=None):
        self.varname = varname
        self.d = d
        self.value = val
        self.unexpanded_value = unexpanded_value
        self.references = set()
        self._contains = None
        self.python = ()

    @property
    def contains(self):
        if self._contains is None:
            from tckbb import references
            self._contains = {}
            for code in self.python or ():
                refs, contains = references.of_expression(code)
                self.references |= refs
                for name, items in contains.items():
                    self._contains.setdefault(name, set()).update(items)
        return self._contains

    def var_sub(self, match):
        key = match.group()[2:-1]
        if self.varname and key and self.varname == key:
            raise Exception("variable %s references itself!" % self.varname)
        value = self.d.getVarFlag(key, "_content")
        self.references.add(key)
        return match.group() if value is None else value

    def python_sub(self, match):
        code = match if isinstance(match, str) else match.group()[3:-1]
        if _var_ref.search(code):
            return "${@" + code + "}"
        name = "Var <%s>" % self.varname if self.varname else "<expansion>"
        compiled = context.compile_expression(code.strip(), name)
        self.python = self.python + (code,)
        self._contains = None
        namespace = context.eval_globals()
        outer = namespace.get("d")
        namespace["d"] = self.d
        try:
            return str(eval(compiled, namespace, DataContext(self.d)))
        finally:
            namespace["d"] = outer


class DataContext(dict):
    """Names an inline expression does not know are looked up as variables (`${@PN}`)."""

    excluded = set([name for name in dir(builtins) if not name.startswith("_")] + ["oe"])

    def __init__(self, metadata):
        dict.__init__(self, d=metadata)
        self.metadata = metadata

    def __missing__(self, key):
        if key in self.excluded or key in context.globals():
            raise KeyError(key)
        value = self.metadata.getVar(key)
        if value is None:
            raise KeyError(key)
        return value


def expand_with_refs(d, s, varname):
    if not isinstance(s, str) or "${" not in s:
        return VariableParse(varname, d, s, s)
    import bb
    parse = VariableParse(varname, d, s)
    while s.find("${") != -1:
        old = s
        try:
            s = _var_ref.sub(parse.var_sub, s)
            try:
                s = _python_ref.sub(parse.python_sub, s)
            except SyntaxError as e:
                if e.msg != "EOL while scanning string literal" and not e.msg.startswith("unterminated string literal"):
                    raise
            if s == old:
                break
        except ExpansionError as e:
            e.addVar(varname)
            raise
        except (bb.parse.SkipRecipe, bb.BBHandledException):
            raise
        except Exception as exc:
            tb = sys.exc_info()[2]
            raise ExpansionError(varname, s, exc).with_traceback(tb) from exc
    parse.value = s
    return parse


def _resolve_override(d, var, pairs):
    """The name whose value replaces var's under the active overrides, or None."""
    d.need_overrides()
    frame = d._frames[-1] if d._frames else None
    active = {}
    for full, override in pairs:
        if frame is not None:
            frame.update(_tested(override))
        if override in d.overridesset or (":" in override and set(override.split(":")).issubset(d.overridesset)):
            active[override] = full
    match = None
    changed = True
    while changed:
        changed = False
        for o in d.overrides:
            for name in list(active):
                if name not in active:
                    continue
                if name.endswith(":" + o):
                    full = active.pop(name)
                    active[name.replace(":" + o, "")] = full
                    changed = True
                elif name == o:
                    match = active.pop(name)
    return match


def _matches(d, override):
    if override:
        if d._frames:
            d._frames[-1].update(_tested(override))
        overrides = d.overridesset
        for part in override.split(":"):
            if part not in overrides:
                return False
    return True


def get_flag(d, var, flag, expand, noweakdefault, parsing, retparser):
    content = flag == "_content"
    if content:
        cachename = var
    else:
        if not flag:
            import bb
            bb.warn("Calling getVarFlag with flag unset is invalid")
            return None
        cachename = var + "[" + flag + "]"
    if not expand and not retparser:
        return _compute(d, var, flag, content, cachename, False, noweakdefault, parsing, False)[0]
    cache = d.expand_cache
    frames = d._frames
    hit = None
    if not noweakdefault:
        hit = cache.get(cachename)
        if hit is None and d._written is not None and not d.inoverride:
            hit = d._shared.values.get(cachename)
            if hit is not None and not hit.deps.isdisjoint(d._written):
                hit = None
        if hit is not None and hit.sensitive and d.overrides is None and not d.inoverride:
            # Computed under overrides that have been invalidated since: settle them first.
            d.need_overrides()
            return get_flag(d, var, flag, expand, noweakdefault, parsing, retparser)
    if hit is not None:
        if frames:
            frames[-1].update(hit.deps)
        if expand:
            return hit.value
        return hit.unexpanded_value, hit

    frame = set()
    frames.append(frame)
    try:
        value, parser = _compute(d, var, flag, content, cachename, expand, noweakdefault, parsing, retparser)
    finally:
        frames.pop()
    if frames:
        frames[-1].update(frame)
    if parser is not None and not noweakdefault:
        parser.deps = frame
        parser.sensitive = SENSITIVE in frame
        if parser.sensitive and d.inoverride:
            d._provisional.append(cachename)
        cache[cachename] = parser
        dependents = d._dependents
        for name in frame:
            dependents.setdefault(name, set()).add(cachename)
        if d._written is not None and not parsing and not d.inoverride and "\0all" not in frame and frame.isdisjoint(d._written):
            # It read only what the configuration holds, unchanged: the same in every recipe.
            parser.d = None
            d._shared.values[cachename] = parser
    if retparser:
        return value, parser
    return value


def _compute(d, var, flag, content, cachename, expand, noweakdefault, parsing, retparser):
    """One read of var[flag], uncached; every variable it looks at is noted in d's current frame."""
    local = d._findVar(var, cachename)
    value = None
    removes = set()
    if content and not parsing:
        pairs = d.overridedata.get(var)
        if pairs is not None:
            match = _resolve_override(d, var, pairs)
            if match:
                value, subparser = get_flag(d, match, "_content", False, False, False, True)
                if hasattr(subparser, "removes"):
                    removes = subparser.removes

    if local is not None and value is None:
        if flag in local:
            value = _copy(local[flag])
        elif content and "_defaultval" in local and not noweakdefault:
            value = _copy(local["_defaultval"])
        elif "_defaultval_flag_" + flag in local and not noweakdefault:
            value = _copy(local["_defaultval_flag_" + flag])

    if content and local is not None and not parsing:
        if ":append" in local:
            d.need_overrides()
            for text, override in local[":append"]:
                if _matches(d, override):
                    value = (value if value is not None else "") + text
        if ":prepend" in local:
            d.need_overrides()
            for text, override in local[":prepend"]:
                if _matches(d, override):
                    value = text + (value if value is not None else "")

    parser = None
    if expand or retparser:
        parser = expand_with_refs(d, value, cachename)
    if expand:
        value = parser.value

    if value and content and local is not None and ":remove" in local and not parsing:
        d.need_overrides()
        for text, override in local[":remove"]:
            if _matches(d, override):
                removes.add(text)

    if value and content and not parsing and removes and parser:
        expanded = {r: d.expand(r).split() for r in removes}
        parser.removes = set()
        kept = []
        for word in _whitespace_kept.split(parser.value):
            drop = False
            for r in removes:
                if word in expanded[r]:
                    parser.removes.add(r)
                    drop = True
            if not drop:
                kept.append(word)
        parser.value = "".join(kept)
        if expand:
            value = parser.value

    if value and expand and content and d.filters:
        base = var.split(":")[0]
        if base in d.filters:
            import bb
            value = bb.filter.apply_filters(value, [d.filters[base]])
            parser.value = value

    return value, parser


def _copy(value):
    if isinstance(value, list):
        return list(value)
    if isinstance(value, (dict, set)):
        return value.copy()
    return value

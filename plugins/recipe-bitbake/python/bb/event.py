"""bb.event: the events a parse fires and the metadata handlers that receive them
(`addhandler` + `[eventmask]`). Handlers are compiled once and shared by all recipes."""
import sys

_handlers = {}
_catchall = set()
_by_event = {}


class Event:
    def __init__(self):
        self.pid = 0


class RecipeEvent(Event):
    def __init__(self, fn):
        self.fn = fn
        Event.__init__(self)


def _names(*names, base=Event):
    module = sys.modules[__name__]
    for name in names:
        setattr(module, name, type(name, (base,), {"__module__": __name__}))


class ConfigParsed(Event):
    pass


class MultiConfigParsed(Event):
    def __init__(self, mcdata):
        self.mcdata = mcdata
        Event.__init__(self)


class RecipePreDeferredInherits(RecipeEvent):
    def __init__(self, fn, inherits):
        RecipeEvent.__init__(self, fn)
        self.inherits = inherits


class RecipePreFinalise(RecipeEvent):
    pass


class RecipePostKeyExpansion(RecipeEvent):
    pass


class RecipeTaskPreProcess(RecipeEvent):
    def __init__(self, fn, tasklist):
        RecipeEvent.__init__(self, fn)
        self.tasklist = tasklist


class RecipeParsed(RecipeEvent):
    pass


_names("BuildBase", "BuildInit", "BuildStarted", "BuildCompleted", "ParseStarted", "ParseCompleted", "ParseProgress",
       "ParseError", "CacheLoadStarted", "CacheLoadCompleted", "TreeDataPreparationStarted", "TreeDataPreparationCompleted",
       "SanityCheck", "SanityCheckPassed", "SanityCheckFailed", "NetworkTest", "NetworkTestPassed", "NetworkTestFailed",
       "NoProvider", "MultipleProviders", "HeartbeatEvent", "MonitorDiskEvent", "DiskFull", "MetadataEvent",
       "ProcessStarted", "ProcessProgress", "ProcessFinished", "LogExecTTY", "FilesMatchingFound", "FindSigInfoResult",
       "CookerExit", "StampUpdate", "DepTreeGenerated", "OperationStarted", "OperationCompleted", "OperationProgress",
       "ConfigFilesFound", "ConfigFilePathFound", "ReachableStamps", "RecipeTaskPreProcess2")

NotHandled = 0
Handled = 1
AlreadyRegistered = 3


def getName(e):
    return e.__class__.__name__


def get_handlers():
    return _handlers


def set_handlers(handlers):
    global _handlers
    _handlers = handlers


def register(name, handler, mask=None, filename=None, lineno=None, data=None):
    from tckbb import context
    if data is not None and data.getVar("BB_CURRENT_MC"):
        name = "%s%s" % (data.getVar("BB_CURRENT_MC").replace("-", "_"), name)
    if data is not None:
        active = data.getVar("__BBHANDLERS_MC") or set()
        active.add(name)
        data.setVar("__BBHANDLERS_MC", active)
    if name in _handlers:
        return AlreadyRegistered
    if handler is None:
        return
    if isinstance(handler, str):
        text = "def %s(e, d):\n%s" % (name, handler)
        code = context.compile_function(text, filename or "%s(e, d)" % name, (lineno or 1) - 1)
        namespace = {}
        exec(code, context.globals(), namespace)
        handler = namespace[name]
    _handlers[name] = handler
    if not mask or "*" in mask:
        _catchall.add(name)
    else:
        for event_name in mask:
            _by_event.setdefault(event_name, set()).add(name)


def remove(name, handler, data=None):
    _handlers.pop(name, None)


def fire(event, d):
    """Runs the handlers that asked for this event and are active in d."""
    eid = event.__class__.__module__ + "." + event.__class__.__name__
    wanted = _by_event.get(eid, ())
    active = (d.getVar("__BBHANDLERS_MC") or set()) if d is not None else None
    for name, handler in list(_handlers.items()):
        if name in _catchall or name in wanted:
            if active is not None and name not in active:
                continue
            event.data = d
            try:
                handler(event, d)
            finally:
                del event.data


def fire_class_handlers(event, d):
    fire(event, d)


def check_for_interrupts(d=None):
    pass

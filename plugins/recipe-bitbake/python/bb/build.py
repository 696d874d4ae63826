"""bb.build: the task list a recipe declares (addtask/deltask) and the task events' names."""
import builtins as _builtins
import os as _os

import bb as _bb
from bb import event as _event
from tckbb.layers import TASK_FLAGGED

# BitBake makes `bb` and `os` builtins, and oe-core's library relies on it (oe/patch.py uses bb
# without importing it).
_builtins.bb = _bb
_builtins.os = _os


class FuncFailed(Exception):
    pass


class TaskBase(_event.Event):
    def __init__(self, t, fn, logfile, d):
        self._task = t
        self._fn = fn
        self.taskfile = fn
        self.taskname = t
        self.logfile = logfile
        _event.Event.__init__(self)


class TaskStarted(TaskBase):
    pass


class TaskSucceeded(TaskBase):
    pass


class TaskFailed(TaskBase):
    pass


class TaskFailedSilent(TaskBase):
    pass


class TaskInvalid(TaskBase):
    pass


class TaskProgress(_event.Event):
    pass


def ensure_task_prefix(name):
    return name if name[:3] == "do_" else "do_" + name


def addtask(task, before, after, d):
    task = ensure_task_prefix(task)
    d.setVarFlag(task, "task", 1)
    tasks = d.getVar("__BBTASKS", False) or []
    if task not in tasks:
        tasks.append(task)
    d.setVar("__BBTASKS", tasks)
    existing = d.getVarFlag(task, "deps", False) or []
    if after is not None:
        for entry in after.split():
            entry = ensure_task_prefix(entry)
            if entry not in existing:
                existing.append(entry)
    d.setVarFlag(task, "deps", existing)
    if before is not None:
        for entry in before.split():
            entry = ensure_task_prefix(entry)
            existing = d.getVarFlag(entry, "deps", False) or []
            if task not in existing:
                d.setVarFlag(entry, "deps", [task] + existing)


def deltask(task, d):
    task = ensure_task_prefix(task)
    tasks = d.getVar("__BBTASKS", False) or []
    if task in tasks:
        tasks.remove(task)
        d.delVarFlag(task, "task")
        d.setVar("__BBTASKS", tasks)
    d.delVarFlag(task, "deps")
    for other in d.getVar("__BBTASKS", False) or []:
        deps = d.getVarFlag(other, "deps", False) or []
        if task in deps:
            deps.remove(task)
            d.setVarFlag(other, "deps", deps)


def add_tasks(tasklist, d):
    """Records each task's dependency flags expanded, as BitBake does at the end of a parse."""
    import bb
    task_deps = d.getVar("_task_deps", False) or {}
    task_deps.setdefault("tasks", [])
    task_deps.setdefault("parents", {})
    for task in tasklist:
        task = d.expand(task)
        d.setVarFlag(task, "task", 1)
        if task not in task_deps["tasks"]:
            task_deps["tasks"].append(task)
        flags = d.getVarFlags(task)
        for name in ("mcdepends", "depends", "rdepends", "deptask", "rdeptask", "recrdeptask", "recideptask", "nostamp", "fakeroot", "noexec", "umask"):
            task_deps.setdefault(name, {})
            if name in flags:
                value = d.expand(flags[name])
                if name in ("noexec", "fakeroot", "nostamp") and value != "1":
                    bb.warn("In a future version of BitBake, setting the '{}' flag to something other than '1' will result in the flag not being set. See YP bug #13808.".format(name))
                task_deps[name][task] = value
        task_deps["parents"][task] = [d.expand(dep) for dep in flags.get("deps", [])]
    d.setVar("_task_deps", task_deps)


def preceedtask(task, with_recrdeptasks, d):
    preceed = set()
    if task not in (d.getVar("__BBTASKS", False) or []):
        return preceed
    preceed.update(d.getVarFlag(task, "deps") or [])
    if with_recrdeptasks:
        recrdeptask = d.getVarFlag(task, "recrdeptask")
        if recrdeptask:
            preceed.update(recrdeptask.split())
    return preceed


def exec_func(func, d, dirs=None):
    """Runs a python function of the metadata (shell functions run only in builds, part 2)."""
    import bb
    from tckbb import context
    if not d.getVarFlag(func, "python", False):
        bb.fatal("%s is a shell function: tck runs shell functions only when building" % func)
    text = d.getVar(func, False)
    filename = d.getVarFlag(func, "filename", False) or func
    lineno = int(d.getVarFlag(func, "lineno", False) or 1)
    if text.startswith("def "):
        context.insert_method(func, text, filename, lineno)
        context.globals()[func](d)
    else:
        code = context.compile_function("def %s(d):\n%s" % (func, text), filename, lineno - 1)
        namespace = {}
        exec(code, context.globals(), namespace)
        namespace[func](d)


def _flag_set(d, key, flag):
    # The variable's own flags first (no weak default of the flag): most variables have no such flag.
    found = d._findVar(key)
    if not found or (flag not in found and "_defaultval_flag_" + flag not in found):
        return False
    raw = d.getVarFlag(key, flag, False)
    if not raw or not (isinstance(raw, str) and "${" in raw):
        return bool(raw)
    return bool(d.getVarFlag(key, flag))


def tasksbetween(task_start, task_end, d):
    """The tasks on dependency chains from task_start to task_end, in the order found."""
    import bb
    found = []
    # As BitBake's, every key with a true `task` flag, in the order of d.keys() (the order found
    # follows it); expanded only when it could expand to "".
    tasks = [key for key in d.keys() if key in TASK_FLAGGED and _flag_set(d, key, "task")]

    def follow(task, chain):
        if task in chain:
            bb.fatal("Circular task dependencies as %s depends on itself via the chain %s" % (task, " -> ".join(chain)))
        chain.append(task)
        for other in tasks:
            if other == task:
                continue
            if task == task_end:
                for step in chain:
                    if step not in found:
                        found.append(step)
            elif task in d.getVarFlag(other, "deps", False):
                follow(other, chain)
        chain.pop()

    follow(task_start, [])
    return found


def listtasks(d):
    return [key for key in d.keys() if d.getVarFlag(key, "task")]

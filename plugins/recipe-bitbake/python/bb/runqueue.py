"""bb.runqueue: task ids and the runqueue events' names (only referenced while parsing)."""
from bb import event as _event


def split_tid_mcfn(tid):
    mc = ""
    if tid.startswith("mc:") and tid.count(":") >= 2:
        _, mc, tid = tid.split(":", 2)
    fn, task = tid.rsplit(":", 1)
    return (mc, fn, task, "mc:%s:%s" % (mc, fn) if mc else fn)


def fn_from_tid(tid):
    return tid.rsplit(":", 1)[0]


def taskname_from_tid(tid):
    return tid.rsplit(":", 1)[1]


def mc_from_tid(tid):
    return tid.split(":")[1] if tid.startswith("mc:") and tid.count(":") >= 2 else ""


def split_mc(n):
    if n.startswith("mc:") and n.count(":") >= 2:
        _, mc, n = n.split(":", 2)
        return (mc, n)
    return ("", n)


for _name in ("runQueueEvent", "runQueueTaskStarted", "runQueueTaskFailed", "runQueueTaskCompleted", "runQueueTaskSkipped",
              "sceneQueueTaskStarted", "sceneQueueTaskFailed", "sceneQueueTaskCompleted", "sceneQueueComplete", "runQueueExitWait"):
    globals()[_name] = type(_name, (_event.Event,), {"__module__": __name__})

"""Messages the metadata logged (bb.note/warn/error/fatal), collected per request."""
_messages = []


def add(level, text):
    if level != "debug":
        _messages.append({"level": level, "message": text})


def take():
    taken = list(_messages)
    _messages.clear()
    return taken

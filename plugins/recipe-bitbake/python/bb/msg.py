"""Message helpers (bb.msg): everything becomes a tck diagnostic."""
import logging


def fatal(domain, *args):
    import bb
    bb.fatal(*args)


def note(level, domain, *args):
    import bb
    bb.note(*args)


class BBLogFormatter(logging.Formatter):
    pass


loggerDefaultLogLevel = logging.INFO

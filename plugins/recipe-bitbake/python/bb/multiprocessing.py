"""bb.multiprocessing: the standard library's, as BitBake re-exports it."""
from multiprocessing import *  # noqa: F401,F403

"""Worker processes that never outlive the build that started them.

A build killed with SIGKILL cannot stop its analysis workers or page writers
itself; left alone they keep running (150 MB each, found alive 15 minutes
later). Each worker therefore asks the kernel to stop it when its parent dies
(Linux's PR_SET_PDEATHSIG), and elsewhere watches for the parent to go.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Initializer of every worker pool (``initargs=(os.getpid(),)``): end this process when the build
    ``parent`` ends, even when it ended while this one was still starting."""
    if os.getppid() != parent:
        os._exit(1)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and os.getppid() == parent:
            return
    except (OSError, AttributeError):  # not Linux: watch instead
        pass
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def alive(pid: int) -> bool:
    """Whether process ``pid`` is running (this one counts): its leftovers are then not leftovers."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

"""Worker processes that never outlive the build that started them.

A build killed with SIGKILL cannot stop its analysis workers or page writers
itself; left alone they keep running (150 MB each, found alive 15 minutes
later). Each worker therefore asks the kernel to stop it when its parent dies
(Linux's PR_SET_PDEATHSIG), and elsewhere watches for the parent to go.

The analysis can also run on a Dask ``distributed`` cluster (``executor =
"dask://HOST:PORT"``): the same work through the same ``Executor`` interface,
its workers started and stopped by whoever runs the cluster.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import threading
import time
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Iterator

from .errors import DatelineError

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


# ---- a Dask cluster as the analysis' executor ------------------------------------------------
LOCAL = "local"
DASK_SCHEME = "dask://"
DASK_HINT = 'pip install "dateline[dask]"'
CONNECT_SECONDS = 10


def executor_problem(value: str) -> str | None:
    """What is wrong with an executor setting (None when it is `local` or `dask://HOST:PORT`): it is
    checked where it is given, so a typo fails before any article is read."""
    if value == LOCAL:
        return None
    host, sep, port = value.removeprefix(DASK_SCHEME).rpartition(":")
    if value.startswith(DASK_SCHEME) and sep and host and port.isdigit():
        return None
    return f"executor {value!r} is neither `local` nor `dask://HOST:PORT` (a Dask scheduler, e.g. dask://10.0.0.5:8786)"


@contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """A ``concurrent.futures.Executor`` running on the Dask scheduler at ``address`` (dask://HOST:PORT),
    closed afterwards. ``distributed`` is an optional extra, so its absence and a scheduler that does not
    answer are each one line saying what to do."""
    try:
        from distributed import Client
    except ImportError:
        raise DatelineError(f"executor {address} needs Dask's distributed package; install it with: "
                            f"{DASK_HINT}") from None
    scheduler = "tcp://" + address.removeprefix(DASK_SCHEME)
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise DatelineError(f"no Dask scheduler answers at {address} ({_first_line(exc)}); start one "
                            f"(`dask scheduler`, then `dask worker {scheduler}` on each machine) or fix the "
                            f"address") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()


def cluster_failure(address: str, exc: BaseException) -> DatelineError:
    """The one line for a cluster that failed the analysis: its workers kept dying (Dask retried the
    chunk on others first), or the scheduler went away."""
    if isinstance(exc, DatelineError):  # raised in a worker: a missing model, say
        return DatelineError(f"on the Dask workers of {address}: {exc.message}")
    if type(exc).__name__ == "KilledWorker":
        return DatelineError(f"Dask workers of {address} died analysing the same articles again and again "
                             f"(out of memory?); the previous site is left as it was")
    return DatelineError(f"the Dask cluster at {address} stopped answering ({_first_line(exc)}); the previous "
                         f"site is left as it was; build again")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]

"""Reading the files of a large organisation on every processor core at once.

Why: reading and parsing the team files is nine tenths of ``chainmap weak`` on a large
organisation, each file on its own, and one Python process uses one core. On 2 cores, two
processes read the files in a little over half the time (benchmarks/RESULTS.md); the rest of
a run is unchanged.

How: the files are dealt, in runs of :data:`RUN` files, between the calling process and
one forked helper process per further core. Each process reads its share with the same
function; a helper sends back what it read, pickled (the model's classes pickle as their
fields, see :mod:`chainmap.model`). The results are put back in the files' order, so an
organisation read this way is equal, value for value and problem for problem, to one read
file after file. A helper that fails for any reason (killed, out of memory) sends nothing,
and its share is read again in the calling process: reading in parallel is only ever
faster, never different.

When: only for :data:`FROM_FILES` files or more (below, starting a process costs more than
it saves), only where processes can be forked (Linux: a forked helper starts at once, with
everything already imported and the same language for messages), and only while the
calling program runs no other thread (forking a threaded program is unsafe).

The same dealing serves any list of slow, independent steps (:func:`on_every_core`): the
pages of a deck of cards or of a poster are converted to PDF this way, each one taking
CairoSVG about half a second.

One step can also run beside the rest of a run (:func:`in_background`): a first run of a
large organisation writes its cache while the organisation is analysed and the findings
written, and the program waits for it before it ends.
"""

from __future__ import annotations

import atexit
import os
import pickle
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence, Tuple, TypeVar

if TYPE_CHECKING:  # imported where a process is forked: most runs read few files, and start quicker
    import multiprocessing.connection
    import multiprocessing.process

__all__ = ["in_background", "on_every_core", "read_all", "usable_cores", "wait_for_background", "FROM_FILES", "RUN"]

Item = TypeVar("Item")
Result = TypeVar("Result")

FROM_FILES = 1000
RUN = 64
# A helper also pickles what it read, and the calling process unpickles it, so a helper's
# runs weigh a little more: 1.1 gave the shortest load (see benchmarks/RESULTS.md).
HELPER_COST = 1.1
MAX_PROCESSES = 8


def usable_cores() -> int:
    """How many processor cores this process may run on (its affinity, where the system says)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def read_all(paths: Sequence[Path], read_one: Callable[[Path], Result],
             progress: Optional[Callable[[int, int], None]] = None,
             processes: Optional[int] = None) -> List[Result]:
    """``[read_one(path) for path in paths]``, on several cores when it pays (see the module docstring).

    ``read_one`` must return something picklable. ``progress(done, total)``, when given,
    is called as the files are read (in parallel, ``done`` is estimated from the calling
    process's share). ``processes``: how many processes to use; ``None`` for one per
    usable core, ``1`` for none but this one.
    """
    return on_every_core(paths, read_one, progress, processes, at_least=FROM_FILES, run=RUN)


def on_every_core(items: Sequence[Item], work: Callable[[Item], Result],
                  progress: Optional[Callable[[int, int], None]] = None,
                  processes: Optional[int] = None, at_least: int = 2, run: int = 1,
                  send: Optional[Callable[[List[Result]], Any]] = None,
                  receive: Optional[Callable[[Any], List[Result]]] = None) -> List[Result]:
    """``[work(item) for item in items]``, dealt in runs of ``run`` items between this process
    and one helper per further core, from ``at_least`` items (see the module docstring).

    ``work`` must return something picklable; ``progress`` and ``processes`` are as for
    :func:`read_all`. ``send`` and ``receive``, given together: what a helper sends of its
    results (pickled), and how they are made again here, when a form other than the
    objects themselves pickles faster.
    """
    count = min(processes or usable_cores(), MAX_PROCESSES, max(1, len(items) // run))
    if count < 2 or len(items) < at_least or not _can_fork():
        return _do_share(items, range(len(items)), work, progress)
    shares = _deal(len(items), count, run)
    total = len(items)

    def own_progress(done: int, size: int) -> None:
        # the helpers read at the same pace: the whole is about this share's fraction of it
        if progress is not None:
            progress(min(done * total // size, total - 1), total)

    helpers = [_start_helper(items, share, work, send) for share in shares[1:]]
    results: List[Optional[Result]] = [None] * len(items)
    try:
        own = shares[0]
        for index, result in zip(own, _do_share(items, own, work, own_progress)):
            results[index] = result
        for share, helper in zip(shares[1:], helpers):
            for index, result in zip(share, _collect(helper, items, share, work, receive)):
                results[index] = result
    finally:
        for helper in helpers:
            _stop(helper)
    if progress is not None:
        progress(total, total)
    return results  # type: ignore[return-value]  # every index was filled above


def in_background(task: Callable[[], None]) -> bool:
    """Start ``task`` in a forked process and go on; False, and nothing started, where a
    process cannot be forked (see the module docstring): the caller then does it itself.

    The task must need nothing back, and leave this process's state alone: what it changes
    is changed in its own copy. It writes nothing on the screen (it ends without flushing
    what this process had not yet written). This process waits for it before it ends
    (:func:`wait_for_background`), so that a run is over when its work is done: a next run
    finds what the task wrote.
    """
    if not _can_fork():
        return False
    pid = os.fork()
    if pid == 0:  # the helper: whatever happens, it ends here, without running this process's exit
        code = 1
        try:
            task()
            code = 0
        finally:
            os._exit(code)
    if not _BACKGROUND:
        atexit.register(wait_for_background)
    _BACKGROUND.append(pid)
    return True


def wait_for_background() -> None:
    """Wait for the tasks started by :func:`in_background` to end."""
    while _BACKGROUND:
        try:
            os.waitpid(_BACKGROUND.pop(), 0)
        except ChildProcessError:  # already waited for
            pass


_BACKGROUND: List[int] = []


def _can_fork() -> bool:
    """Linux, and no other thread: macOS offers fork too, but its system libraries may crash
    in a forked child (Python stopped forking there by default for that reason)."""
    import multiprocessing

    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _deal(total: int, count: int, run: Optional[int] = None) -> List[List[int]]:
    """The indices of ``total`` items dealt in runs of ``run`` (:data:`RUN`) between ``count`` processes.

    Each run goes to the process with the least work so far, a helper's runs counting
    :data:`HELPER_COST` (share 0 is the calling process's). Runs, not halves: files in one
    part of a folder are often alike (one department's large teams), so dealing mixes them.
    """
    size = run or RUN
    shares: List[List[int]] = [[] for _process in range(count)]
    work = [0.0] * count
    for start in range(0, total, size):
        dealt = range(start, min(start + size, total))
        process = min(range(count), key=lambda p: (work[p], p))
        shares[process].extend(dealt)
        work[process] += len(dealt) * (1.0 if process == 0 else HELPER_COST)
    return shares


def _do_share(items: Sequence[Item], share: Sequence[int], work: Callable[[Item], Result],
                progress: Optional[Callable[[int, int], None]] = None) -> List[Result]:
    """Do the work of ``share`` here; ``progress(done, len(share))`` after each item."""
    results = []
    for done, index in enumerate(share, 1):
        results.append(work(items[index]))
        if progress is not None:
            progress(done, len(share))
    return results


Helper = Tuple["multiprocessing.process.BaseProcess", "multiprocessing.connection.Connection"]


def _start_helper(items: Sequence[Item], share: Sequence[int], work: Callable[[Item], Result],
                  send: Optional[Callable[[List[Result]], Any]]) -> Helper:
    import multiprocessing

    forking = multiprocessing.get_context("fork")
    receiving, sending = forking.Pipe(duplex=False)
    process = forking.Process(
        target=_help, args=([items[i] for i in share], work, send, sending), daemon=True)
    process.start()
    sending.close()  # the helper holds its own copy: ours closed, its end alone tells when it is done
    return process, receiving


def _help(items: List[Item], work: Callable[[Item], Result], send: Optional[Callable[[List[Result]], Any]],
          sending: multiprocessing.connection.Connection) -> None:
    """In the helper: work, and send everything back at once; on any failure send nothing."""
    try:
        results = [work(item) for item in items]
        sending.send_bytes(pickle.dumps(send(results) if send else results, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - whatever it is, the calling process reads the share again
        pass
    finally:
        sending.close()


def _collect(helper: Helper, items: Sequence[Item], share: Sequence[int],
             work: Callable[[Item], Result], receive: Optional[Callable[[Any], List[Result]]]) -> List[Result]:
    """The helper's results, or its share done here when the helper sent none."""
    _process, receiving = helper
    try:
        sent = pickle.loads(receiving.recv_bytes())
        results: List[Result] = receive(sent) if receive else sent
        if len(results) == len(share):
            return results
    except Exception:  # noqa: BLE001 - nothing sent (EOFError), or not whole: read it here
        pass
    return _do_share(items, share, work)


def _stop(helper: Helper) -> None:
    process, receiving = helper
    receiving.close()
    if process.is_alive():
        process.terminate()
    process.join()

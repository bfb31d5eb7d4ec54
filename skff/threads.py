"""How many CPU threads a fit or a prediction uses: never more than the user allows.

The policy, applied by :func:`cpu_threads` around every training run and
prediction call on the CPU:

* **The ceiling is the caller's.** The thread count in effect when the call
  starts, ``torch.get_num_threads()``, which ``torch.set_num_threads`` and
  ``OMP_NUM_THREADS`` set (joblib's workers, GridSearchCV's among them, get
  their limit through that variable), and, where threadpoolctl limits the
  OpenMP runtime (``threadpool_limits``), that limit too. skff only ever
  lowers it.
* **Small problems run on one thread.** When a step multiplies fewer than
  :data:`SMALL_WORK` multiply-adds, a parallel region's start and join cost
  more than the second thread saves. Under a passive OpenMP wait policy
  (``OMP_WAIT_POLICY=PASSIVE``, which shared machines set so that idle
  threads sleep instead of spinning) every parallel region wakes its threads
  from sleep, and the bar for training is :data:`PASSIVE_SMALL_WORK`.
* **Busy cores are left alone.** Threads beyond the idle cores wait at every
  parallel region for a core that another process holds: on 2 cores beside
  one spinning process, digits' default fit took 4.1 times its idle time on
  2 threads. The count of idle cores comes from the kernel's count of
  runnable tasks (``/proc/loadavg``), read at the start of the call.
* **The count is restored** when the call ends, whatever happens in it.

``torch.set_num_threads`` sets one process-wide pool: concurrent skff calls in
threads of one process share it, and the last to finish restores it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import torch

#: Multiply-adds per training step (or per prediction chunk row set) below
#: which one thread is used: at about 30 GFLOP/s per core, under 0.1 ms of
#: matmuls, the order of a parallel region's overhead on a loaded machine.
SMALL_WORK = 1 << 21

#: The same bar under a passive wait policy (:func:`passive_wait`). On 2 cores
#: (``benchmarks/results/threads_passive.md``) two sleeping threads made the default
#: 2 x 256 network's epochs 1.04 to 1.65 times slower than one thread's on four of six
#: shapes of 100 to 4,000 rows (0.77 and 0.91 on the other two) and no faster on
#: 10,000 MNIST rows (0.99; 69 million multiply-adds a step); they paid off on the
#: paper's 2 x 1000 network at batch 256 (919 million, 0.68). On the corpus study's
#: confirmation half, run under this policy, the rule took the default fits from 3.62
#: to 2.08 times MLPClassifier's fit time.
PASSIVE_SMALL_WORK = 1 << 28


def step_work(rows: int, n_inputs: int, width: int, depth: int) -> int:
    """Multiply-adds of one forward pass of ``rows`` rows: the size the policy judges by.

    Parameters
    ----------
    rows : int
        Rows per step (a training step runs a batch's positive and negative
        rows) or per prediction chunk.
    n_inputs, width, depth : int
        The network's shape.

    Returns
    -------
    int
    """
    return rows * width * (n_inputs + width * max(0, depth - 1))


def busy_cores() -> int:
    """Other processes' runnable tasks on the machine now (0 where unreadable).

    The fourth field of ``/proc/loadavg`` counts every runnable task. This
    process's own runnable threads are taken off (:func:`own_running_threads`):
    the reading thread, and OpenMP workers that still spin after the last
    parallel region (GNU OpenMP's default wait policy), which would otherwise
    make a process that just ran a two-thread matmul see a busy machine.
    """
    try:
        with open("/proc/loadavg") as loadavg:
            running = int(loadavg.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return 0
    return max(0, running - own_running_threads())


def own_running_threads() -> int:
    """This process's threads in the running state, from ``/proc/self/task`` (at least 1)."""
    count = 0
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return 1
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/stat") as stat:
                text = stat.read()
        except OSError:  # the thread ended meanwhile
            continue
        # The state follows the command name, which is in parentheses and may hold spaces.
        state = text.rfind(")") + 2
        count += text[state : state + 1] == "R"
    return max(1, count)


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def openmp_limit() -> int | None:
    """The lowest thread limit threadpoolctl reports for an OpenMP runtime, if any."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:  # threadpoolctl comes with scikit-learn; be safe anyway
        return None
    limits = [
        int(info["num_threads"])
        for info in threadpool_info()
        if info.get("user_api") == "openmp" and info.get("num_threads")
    ]
    return min(limits, default=None)


def passive_wait() -> bool:
    """Whether ``OMP_WAIT_POLICY`` asks idle OpenMP threads to sleep rather than spin."""
    return os.environ.get("OMP_WAIT_POLICY", "").strip().lower() == "passive"


def choose_threads(work: int, ceiling: int, busy: int, cores: int, passive: bool = False) -> int:
    """The thread count of a call: the policy of this module as a pure function.

    Parameters
    ----------
    work : int
        Multiply-adds per step (:func:`step_work`).
    ceiling : int
        The caller's thread count; never exceeded.
    busy : int
        Other runnable tasks (:func:`busy_cores`).
    cores : int
        Cores available to the process.
    passive : bool, default=False
        Idle threads sleep (:func:`passive_wait`): the bar for a second
        thread is :data:`PASSIVE_SMALL_WORK` instead of :data:`SMALL_WORK`.

    Returns
    -------
    int
        Between 1 and ``max(1, ceiling)``.
    """
    ceiling = max(1, ceiling)
    if work < (PASSIVE_SMALL_WORK if passive else SMALL_WORK):
        return 1
    return max(1, min(ceiling, cores - busy))


@contextlib.contextmanager
def cpu_threads(device: torch.device, work: int, training: bool = True) -> Iterator[int]:
    """Run the block with the thread count :func:`choose_threads` picks, then restore it.

    Parameters
    ----------
    device : torch.device
        On anything but the CPU the thread count is left as it is.
    work : int
        Multiply-adds per step (:func:`step_work`).
    training : bool, default=True
        The block runs training steps, dozens of small parallel regions each,
        where waking sleeping threads costs most: only then does a passive
        wait policy raise the bar (:data:`PASSIVE_SMALL_WORK`). A prediction
        chunk is a few large products, and keeps :data:`SMALL_WORK`.

    Yields
    ------
    int
        The thread count in effect inside the block.
    """
    previous = torch.get_num_threads()
    if device.type != "cpu":
        yield previous
        return
    ceiling = previous
    limit = openmp_limit()
    if limit is not None:
        ceiling = min(ceiling, limit)
    passive = training and passive_wait()
    threads = choose_threads(work, ceiling, busy_cores(), available_cores(), passive)
    if threads != previous:
        torch.set_num_threads(threads)
    try:
        yield threads
    finally:
        if torch.get_num_threads() != previous:
            torch.set_num_threads(previous)

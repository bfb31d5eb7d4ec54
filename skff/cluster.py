"""``skff bench --scheduler``: the rows of the table as Dask tasks.

The rows of ``skff bench`` do not depend on each other, so each one can be
fitted on its own worker. :func:`connect` reaches a Dask scheduler within
:data:`CONNECT_TIMEOUT_S` seconds (or starts a :func:`local_cluster`), before
``skff bench`` loads any data; :func:`cluster_rows` sends each data set to the cluster once
(``Client.scatter``: the workers need no data of their own), submits one task
per row, and yields each row as it finishes; the client process writes them,
so the results file is written by one process only, as in a sequential run.

Each task fits its model with one torch thread (:func:`run_row`), which on
the CPU makes its result bit for bit the one a sequential run with
``OMP_NUM_THREADS=1`` gets: same data, same seeds, same arithmetic. On GPU
workers, each worker should see one GPU (``CUDA_VISIBLE_DEVICES``) and run one
task at a time (``--nthreads 1``); :func:`local_cluster` starts them so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from skff.bench_jobs import Job, machine_description, run_job

if TYPE_CHECKING:
    from distributed import Client, SpecCluster

#: ``--scheduler`` value that starts a cluster on this machine.
LOCAL = "local"


#: Seconds to wait for the scheduler of ``--scheduler ADDRESS`` to answer, unless Dask's
#: ``distributed.comm.timeouts.connect`` is set to other than its default (30 s). A scheduler
#: that is up answers within a second, so a wrong or unreachable address is reported after
#: this long, before any data is loaded.
CONNECT_TIMEOUT_S = 10.0
#: Dask's own default of ``distributed.comm.timeouts.connect``, in seconds.
_DASK_DEFAULT_CONNECT_S = 30.0


class ClusterError(RuntimeError):
    """The Dask scheduler given to ``skff bench --scheduler`` cannot be reached."""


#: What every worker process of :func:`local_cluster` gets in its environment:
#: one thread for OpenMP and MKL, so that the workers do not compete for cores.
WORKER_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def local_cluster(n_workers: int, gpus: Sequence[int] | None = None) -> SpecCluster:
    """A Dask cluster on this machine: single-threaded worker processes.

    Parameters
    ----------
    n_workers : int
        Worker processes, each with one thread; ignored with ``gpus``.
    gpus : sequence of int, optional
        One worker per GPU, each seeing that GPU only (``CUDA_VISIBLE_DEVICES``).

    Returns
    -------
    distributed.SpecCluster
        Listening on 127.0.0.1 only, without a dashboard. Close it (or use
        it as a context manager) when done.
    """
    from distributed import LocalCluster, Nanny, Scheduler, SpecCluster

    if not gpus:
        return LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            env=dict(WORKER_ENV),
        )
    workers = {
        f"gpu-{gpu}": {
            "cls": Nanny,
            "options": {
                "nthreads": 1,
                "host": "127.0.0.1",
                "env": {**WORKER_ENV, "CUDA_VISIBLE_DEVICES": str(gpu)},
            },
        }
        for gpu in gpus
    }
    scheduler = {"cls": Scheduler, "options": {"host": "127.0.0.1", "dashboard_address": None}}
    return SpecCluster(workers=workers, scheduler=scheduler)


def default_workers(device: str) -> tuple[int, list[int] | None]:
    """Workers of a local cluster for ``--device``: one per GPU, else one per CPU core.

    Parameters
    ----------
    device : str
        ``skff bench``'s ``--device``.

    Returns
    -------
    n_workers : int
    gpus : list of int or None
        The GPUs to start one worker each on, or None for CPU workers.
    """
    import torch

    if device != "cpu" and torch.cuda.is_available():
        if device.startswith("cuda:"):
            return 1, [int(device.split(":")[1])]
        gpus = list(range(torch.cuda.device_count()))
        return len(gpus), gpus
    return os.cpu_count() or 1, None


def run_row(
    job: Job,
    data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    values: dict[str, Any],
) -> dict[str, Any]:
    """Fit and score one row on a worker, with one torch thread.

    Parameters
    ----------
    job : skff.bench_jobs.Job
    data : tuple of ndarray
        ``X_train, y_train, X_test, y_test``, already subset.
    values : dict
        ``skff bench``'s resolved options.

    Returns
    -------
    dict
        The row, with the worker's ``machine``, without ``command``.
    """
    import torch

    torch.set_num_threads(1)
    values = {**values, "device": _worker_device(values["device"])}
    row = run_job(job, data, values)
    row["machine"] = machine_description()
    return row


def _worker_device(device: str) -> str:
    """``cuda:N`` becomes ``cuda`` on a worker that sees only its own GPU."""
    import torch

    if device.startswith("cuda:") and torch.cuda.device_count() == 1:
        return "cuda"
    return device


@contextmanager
def connect(
    scheduler: str,
    device: str,
    n_workers: int | None = None,
    timeout: float | None = None,
) -> Iterator[Client]:
    """Connect to a Dask scheduler, or start a local cluster, for the time of a ``with`` block.

    Parameters
    ----------
    scheduler : str
        A scheduler's address (``tcp://HOST:8786``), or ``"local"`` to start
        :func:`local_cluster` for the time of the block.
    device : str
        ``skff bench``'s ``--device``: a local cluster has one worker per GPU
        unless it is ``"cpu"``.
    n_workers : int, optional
        Workers of the local cluster; by default one per GPU, else one per
        CPU core (:func:`default_workers`). With GPUs, the first
        ``n_workers`` of them.
    timeout : float, optional
        Seconds to wait for the scheduler. By default Dask's
        ``distributed.comm.timeouts.connect`` where it is set to other than
        Dask's default, else :data:`CONNECT_TIMEOUT_S`.

    Yields
    ------
    distributed.Client
        Closed, with the local cluster, when the block ends.

    Raises
    ------
    ClusterError
        When the scheduler does not answer within ``timeout`` seconds, or the
        address cannot be used.
    """
    from distributed import Client

    timeout = _connect_timeout() if timeout is None else timeout
    cluster = None
    if scheduler == LOCAL:
        workers, gpus = default_workers(device)
        if gpus and n_workers:
            gpus = gpus[:n_workers]
        cluster = local_cluster(n_workers or workers, gpus)
    try:
        try:
            client = Client(cluster if cluster is not None else scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            reason = _first_line(exc)
            # Dask's "Timed out trying to connect to ... after N s" repeats what we say.
            reason = "" if reason.startswith("Timed out") else f" ({reason})"
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s{reason}: "
                "start it ('dask scheduler'), check the address and port, or use "
                "--scheduler local"
            ) from None
        except (ValueError, TypeError) as exc:  # an address Dask cannot parse
            raise ClusterError(
                f"cannot use the Dask scheduler address {scheduler!r} ({_first_line(exc)}): "
                "give one such as tcp://HOST:8786, or local"
            ) from None
        with client:
            yield client
    finally:
        if cluster is not None:
            cluster.close()


def describe(client: Client) -> str:
    """One line on a connected cluster: where its scheduler is, and its workers.

    Parameters
    ----------
    client : distributed.Client

    Returns
    -------
    str
    """
    n_workers = len(client.scheduler_info().get("workers", {}))
    where = "a local cluster" if client.cluster is not None else "the scheduler"
    return f"{where} at {client.scheduler.address}, {n_workers} workers"


def _connect_timeout() -> float:
    import dask
    from dask.utils import parse_timedelta

    configured = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s")
    # A value the user set (a config file, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT) wins.
    return CONNECT_TIMEOUT_S if configured == _DASK_DEFAULT_CONNECT_S else float(configured)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].rstrip(".:")


def cluster_rows(
    client: Client,
    jobs: Sequence[Job],
    data: dict[str, tuple[np.ndarray, ...]],
    values: dict[str, Any],
) -> Generator[dict[str, Any], None, None]:
    """Run each of ``jobs`` as one Dask task; yield the rows as they finish.

    Parameters
    ----------
    client : distributed.Client
        Connected to the cluster (:func:`connect`).
    jobs : sequence of skff.bench_jobs.Job
        The rows to compute.
    data : dict of str to tuple of ndarray
        Each job's data set, by name: ``X_train, y_train, X_test, y_test``.
    values : dict
        ``skff bench``'s resolved options.

    Yields
    ------
    dict
        A row, without ``command``, in the order the rows finish.

    Raises
    ------
    Exception
        The first error a task raised; the tasks not yet finished are cancelled.
    """
    from distributed import as_completed

    if not jobs:
        return
    needed = dict.fromkeys(job.dataset for job in jobs)
    # One copy of each data set on the cluster, which moves it to the workers that need it.
    scattered = {name: client.scatter([data[name]], hash=False)[0] for name in needed}
    run = uuid.uuid4().hex[:8]
    futures = [
        client.submit(
            run_row,
            job,
            scattered[job.dataset],
            values,
            key=f"skff-bench-{run}-{index}",
            pure=False,
            priority=len(jobs) - index,  # in the order of the table, when workers are few
        )
        for index, job in enumerate(jobs)
    ]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel([f for f in futures if not f.done()])

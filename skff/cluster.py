"""``skff bench --scheduler``: the rows of the table as Dask tasks.

The rows of ``skff bench`` do not depend on each other, so each one can be
fitted on its own worker. :func:`cluster_rows` connects to a Dask scheduler
(or starts a :func:`local_cluster`), sends each data set to the cluster once
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
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from distributed import Client, SpecCluster

    from skff.bench import Job

#: ``--scheduler`` value that starts a cluster on this machine.
LOCAL = "local"


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
    job : skff.bench.Job
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

    from skff.bench import machine_description, run_job

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


def cluster_rows(
    scheduler: str,
    jobs: Sequence[Job],
    data: dict[str, tuple[np.ndarray, ...]],
    values: dict[str, Any],
    n_workers: int | None = None,
    on_start: Callable[[str], None] | None = None,
) -> Generator[dict[str, Any], None, None]:
    """Run each of ``jobs`` as one Dask task; yield the rows as they finish.

    Parameters
    ----------
    scheduler : str
        A scheduler's address (``tcp://HOST:8786``), or ``"local"`` to start
        :func:`local_cluster` for the time of the run.
    jobs : sequence of skff.bench.Job
        The rows to compute.
    data : dict of str to tuple of ndarray
        Each job's data set, by name: ``X_train, y_train, X_test, y_test``.
    values : dict
        ``skff bench``'s resolved options.
    n_workers : int, optional
        Workers of the local cluster; by default one per GPU, else one per
        CPU core (:func:`default_workers`). With GPUs, the first
        ``n_workers`` of them.
    on_start : callable, optional
        Called with a one-line description of the cluster once connected.

    Yields
    ------
    dict
        A row, without ``command``, in the order the rows finish.

    Raises
    ------
    ClusterError
        When the scheduler cannot be reached.
    Exception
        The first error a task raised; the tasks not yet finished are cancelled.
    """
    from distributed import Client

    if not jobs:
        return
    cluster = None
    if scheduler == LOCAL:
        workers, gpus = default_workers(values["device"])
        if gpus and n_workers:
            gpus = gpus[:n_workers]
        cluster = local_cluster(n_workers or workers, gpus)
    try:
        try:
            client = Client(cluster if cluster is not None else scheduler)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            if on_start is not None:
                on_start(_describe(client, cluster))
            yield from _submit_and_collect(client, jobs, data, values)
    finally:
        if cluster is not None:
            cluster.close()


def _describe(client: Client, cluster: Any) -> str:
    n_workers = len(client.scheduler_info().get("workers", {}))
    where = "a local cluster" if cluster is not None else "the scheduler"
    return f"{where} at {client.scheduler.address}, {n_workers} workers"


def _submit_and_collect(
    client: Client,
    jobs: Sequence[Job],
    data: dict[str, tuple[np.ndarray, ...]],
    values: dict[str, Any],
) -> Generator[dict[str, Any], None, None]:
    from distributed import as_completed

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

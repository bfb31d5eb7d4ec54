"""``skff bench --scheduler``: the table's rows as Dask tasks, equal to a sequential run's."""

from __future__ import annotations

import json
import socket
import time

import pytest
import torch
from conftest import write_fake_npz

from skff import datasets
from skff.bench import read_rows, row_key
from skff.cli import main

distributed = pytest.importorskip("distributed")

from skff.cluster import local_cluster  # noqa: E402

#: What may differ between two runs of the same rows: the time, the machine line
#: (torch threads) and the command (its --out).
VARYING = ("seconds", "machine", "command")


@pytest.fixture(scope="module")
def fake_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("data")
    return home, write_fake_npz(home / "mnist.npz", n_train=400, n_test=250)


@pytest.fixture
def tiny(fake_home, monkeypatch):
    """Options of a --quick table on the generated data, which the loader accepts meanwhile."""
    home, digest = fake_home
    monkeypatch.setitem(datasets.SHA256, "mnist", (digest,))
    quick = ["--quick", "--datasets", "mnist", "--train-rows", "300", "--test-rows", "200"]
    return ["bench", *quick, "--data-home", str(home)]


@pytest.fixture
def one_torch_thread():
    """The sequential reference runs with one torch thread, as every cluster task does."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _comparable(rows):
    rows = [{k: v for k, v in row.items() if k not in VARYING} for row in rows]
    return sorted(rows, key=lambda r: json.dumps(row_key(r)))


def test_quick_table_on_a_two_process_cluster_equals_the_sequential_run(
    tiny, tmp_path, one_torch_thread
):
    sequential = tmp_path / "sequential.jsonl"
    assert main([*tiny, "--out", str(sequential)]) == 0
    with (
        local_cluster(n_workers=2) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as tasks,
    ):
        workers = set(client.run(lambda: 0))
        assert len(workers) == 2
        assert set(client.run(torch.get_num_threads).values()) == {1}
        on_cluster = tmp_path / "cluster.json"
        assert (
            main([*tiny, "--out", str(on_cluster), "--scheduler", cluster.scheduler_address]) == 0
        )
    # Every method and schedule of --quick, one task per row, spread over both workers.
    rows = read_rows(on_cluster)
    row_tasks = [t for t in tasks.data if t["key"].startswith("skff-bench-")]
    assert len(row_tasks) == len(rows) == 8
    assert {t["worker"] for t in row_tasks} == workers
    # The same rows, bit for bit: same data, seeds and arithmetic (one thread each).
    assert _comparable(rows) == _comparable(read_rows(sequential))
    assert all(row["machine"].endswith("1 torch threads") for row in rows)
    assert "--scheduler" not in rows[0]["command"]


def test_local_scheduler_starts_its_own_cluster_and_resumes(tiny, tmp_path, capsys):
    out = tmp_path / "rows.jsonl"
    options = [*tiny, "--methods", "ff", "backprop_pairwise", "--schedules", "network"]
    assert main([*options, "--out", str(out), "--scheduler", "local", "--workers", "2"]) == 0
    assert [r["method"] for r in read_rows(out)] in (
        ["ff", "backprop_pairwise"],
        ["backprop_pairwise", "ff"],
    )
    capsys.readouterr()
    # A rerun finds every row done and starts no cluster.
    assert main([*options, "--out", str(out), "--scheduler", "local"]) == 0
    assert "0 rows run, 2 already in" in capsys.readouterr().out
    assert len(read_rows(out)) == 2


def test_workers_without_a_local_cluster_is_refused(tiny, tmp_path, capsys):
    assert main([*tiny, "--out", str(tmp_path / "r.jsonl"), "--workers", "2"]) == 2
    assert "--workers: only with --scheduler local" in capsys.readouterr().err
    assert not (tmp_path / "r.jsonl").exists()


def test_an_unreachable_scheduler_ends_the_run_with_one_line(tiny, tmp_path, capsys):
    import dask

    out = tmp_path / "rows.jsonl"
    argv = [*tiny, "--methods", "ff", "--schedules", "network", "--out", str(out)]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        status = main([*argv, "--scheduler", "tcp://127.0.0.1:9"])
    assert status == 2  # as a bad option: nothing ran (issue 20)
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("skff bench: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert not out.exists()


def _free_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_reported_in_seconds_before_any_data(
    tmp_path, monkeypatch, capfd
):
    # Issue 20: the data loaded first, then Dask waited its 30 s. Here the data home is
    # empty and downloads fail: a run that loaded data first would end with status 1.
    from skff import cluster

    home = tmp_path / "no_data"
    home.mkdir()
    monkeypatch.setenv("SKFF_DATA_HOME", str(home))
    monkeypatch.setenv("SKFF_DATA_URL", "http://127.0.0.1:9")
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2.0)  # without it: 10 s, Dask's 30 s
    address = f"tcp://127.0.0.1:{_free_port()}"
    out = tmp_path / "rows.jsonl"
    argv = ["bench", "--datasets", "mnist", "--methods", "ff", "--device", "cpu"]
    start = time.monotonic()
    status = main([*argv, "--out", str(out), "--scheduler", address])
    elapsed = time.monotonic() - start
    lines = [line for line in capfd.readouterr().err.splitlines() if line.strip()]
    assert status == 2
    assert lines == [
        f"skff bench: error: cannot reach the Dask scheduler at {address} within 2 s: start "
        "it ('dask scheduler'), check the address and port, or use --scheduler local"
    ]
    assert elapsed < 20
    assert not out.exists() and list(home.iterdir()) == []


def test_gpu_cluster_gives_each_worker_one_gpu():
    # Nothing here needs a GPU: the workers only see the variable.
    with (
        local_cluster(n_workers=1, gpus=[0, 3]) as cluster,
        distributed.Client(cluster) as client,
    ):
        import os

        seen = client.run(lambda: (os.environ["CUDA_VISIBLE_DEVICES"], torch.get_num_threads()))
        nthreads = client.nthreads()
    assert sorted(seen.values()) == [("0", 1), ("3", 1)]
    assert set(nthreads.values()) == {1}

"""The suite is sealed (issue 20): it writes only in the clone and pytest's temporary
folders, and it reaches no other machine, so nothing downloads even where a network exists.

From a newcomer's clone, ``pytest`` (the GPU check's dry run) once created
``../shared/data`` beside the clone and would have downloaded MNIST into it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import conftest
import pytest

from skff.datasets import load_mnist

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def expect_network_refusal():
    """For a test that tries the network on purpose: its attempts are not held against it."""
    before = len(conftest.NETWORK_ATTEMPTS)
    yield
    assert len(conftest.NETWORK_ATTEMPTS) > before, "the attempt was not seen"
    del conftest.NETWORK_ATTEMPTS[before:]


def test_connecting_to_another_machine_fails_the_test(expect_network_refusal):
    # 192.0.2.1 is TEST-NET-1: no packet is sent, the guard refuses before connecting.
    with pytest.raises(pytest.fail.Exception, match="must not use the network"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_looking_up_another_machine_fails_the_test(expect_network_refusal):
    with pytest.raises(pytest.fail.Exception, match="must not use the network"):
        socket.getaddrinfo("example.com", 443)


def test_a_download_from_the_public_location_fails_loudly(
    tmp_path, monkeypatch, expect_network_refusal
):
    # Not a DatasetError that a test could expect and pass on: the test itself fails.
    monkeypatch.delenv("SKFF_DATA_URL", raising=False)
    with pytest.raises(pytest.fail.Exception, match="must not use the network"):
        load_mnist(data_home=tmp_path)
    assert not (tmp_path / "mnist.npz").exists()


def test_this_machine_can_still_be_reached(serve, tmp_path):
    (tmp_path / "hello.txt").write_text("hello")
    url = serve(tmp_path)
    from urllib.request import urlopen

    with urlopen(f"{url}/hello.txt", timeout=10) as response:
        assert response.read() == b"hello"


def test_the_data_home_is_a_temporary_folder_unless_given(tmp_path_factory):
    home = Path(os.environ["SKFF_DATA_HOME"])
    if conftest.REAL_DATA_HOME is None:
        assert home.is_relative_to(tmp_path_factory.getbasetemp())
    else:
        assert home == Path(conftest.REAL_DATA_HOME)


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


@pytest.mark.slow
def test_a_fresh_clone_run_writes_nothing_beside_the_clone(tmp_path):
    # Without SKFF_DATA_HOME and SKFF_DATA_URL, HOME in a temporary folder: the loader
    # tests (data-dependent ones skip, downloads are served on 127.0.0.1) must pass and
    # leave the clone's folder, and HOME, as they were.
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("SKFF_DATA_HOME", "SKFF_DATA_URL")}
    env.update(HOME=str(home), TMPDIR=str(tmp_path), OMP_NUM_THREADS="1")
    beside = _entries(REPO.parent)
    shared_data = _entries(REPO.parent / "shared" / "data")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'basetemp'}",
            "tests/test_datasets.py",
            "tests/test_hermetic.py::test_a_download_from_the_public_location_fails_loudly",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "set SKFF_DATA_HOME to a folder holding mnist.npz" in result.stdout
    assert "shared/data" not in result.stdout
    # Other clones (git worktrees) may come and go beside this one meanwhile.
    new = {n for n in _entries(REPO.parent) - beside if not (REPO.parent / n / ".git").exists()}
    assert not new, f"a test wrote beside the clone: {sorted(new)}"
    assert _entries(REPO.parent / "shared" / "data") == shared_data
    assert not (home / "skff_data").exists()

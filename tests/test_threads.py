"""The thread policy (skff.threads): the caller's limit is a ceiling, and it is restored."""

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from threadpoolctl import threadpool_limits

from skff import ForwardForwardClassifier
from skff import threads as threads_module
from skff.core import trainer
from skff.threads import (
    PASSIVE_SMALL_WORK,
    SMALL_WORK,
    choose_threads,
    cpu_threads,
    passive_wait,
    step_work,
)

X, Y = load_digits(return_X_y=True)
X = X[:300] / 16.0
Y = Y[:300]


@pytest.fixture
def two_threads():
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(previous)


@pytest.fixture
def step_threads(monkeypatch):
    """The thread count at every training step of the test, in a list."""
    counts = []
    step = trainer.Trainer.step

    def spy(self, *args, **kwargs):
        counts.append(torch.get_num_threads())
        return step(self, *args, **kwargs)

    monkeypatch.setattr(trainer.Trainer, "step", spy)
    return counts


def test_choose_threads_never_exceeds_the_ceiling_and_spares_busy_cores():
    big = SMALL_WORK * 10
    assert choose_threads(big, ceiling=2, busy=0, cores=16) == 2
    assert choose_threads(big, ceiling=8, busy=0, cores=4) == 4
    assert choose_threads(big, ceiling=4, busy=3, cores=4) == 1
    assert choose_threads(big, ceiling=4, busy=1, cores=4) == 3
    assert choose_threads(SMALL_WORK - 1, ceiling=4, busy=0, cores=4) == 1
    assert choose_threads(big, ceiling=0, busy=0, cores=4) == 1


def test_sleeping_threads_raise_the_bar_for_a_second_thread():
    middle = SMALL_WORK * 10
    assert SMALL_WORK < middle < PASSIVE_SMALL_WORK
    assert choose_threads(middle, ceiling=2, busy=0, cores=2, passive=False) == 2
    assert choose_threads(middle, ceiling=2, busy=0, cores=2, passive=True) == 1
    assert choose_threads(PASSIVE_SMALL_WORK, ceiling=2, busy=0, cores=2, passive=True) == 2
    # The default 2 x 256 network on 10,000 MNIST rows stays on one sleeping thread;
    # the paper's 2 x 1000 at batch 256 gets two.
    assert step_work(2 * 128, 794, 256, 2) < PASSIVE_SMALL_WORK <= step_work(2 * 256, 794, 1000, 2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("PASSIVE", True), (" passive", True), ("ACTIVE", False), ("", False), (None, False)],
)
def test_passive_wait_reads_omp_wait_policy(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    else:
        monkeypatch.setenv("OMP_WAIT_POLICY", value)
    assert passive_wait() is expected


@pytest.mark.parametrize(("policy", "expected"), [("PASSIVE", 1), ("ACTIVE", 2)])
def test_cpu_threads_follows_the_wait_policy(two_threads, monkeypatch, policy, expected):
    monkeypatch.setenv("OMP_WAIT_POLICY", policy)
    monkeypatch.setattr(threads_module, "busy_cores", lambda: 0)
    monkeypatch.setattr(threads_module, "available_cores", lambda: 2)
    monkeypatch.setattr(threads_module, "openmp_limit", lambda: None)
    with cpu_threads(torch.device("cpu"), SMALL_WORK * 10) as n:
        assert n == expected == torch.get_num_threads()
    assert torch.get_num_threads() == 2
    # Prediction chunks are a few large products: the passive bar is for training.
    with cpu_threads(torch.device("cpu"), SMALL_WORK * 10, training=False) as n:
        assert n == 2


def test_the_passive_bar_applies_to_fit_not_to_predict(monkeypatch):
    seen = []
    choose = threads_module.choose_threads

    def spy(work, ceiling, busy, cores, passive=False):
        seen.append(passive)
        return choose(work, ceiling, busy, cores, passive)

    monkeypatch.setattr(threads_module, "choose_threads", spy)
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")
    model = ForwardForwardClassifier(width=16, max_iter=1, device="cpu", random_state=0)
    model.fit(X, Y)
    during_fit = list(seen)
    seen.clear()
    model.predict(X)
    assert during_fit and all(during_fit)
    assert seen and not any(seen)


def test_step_work_grows_with_every_dimension():
    base = step_work(128, 64, 256, 2)
    assert step_work(256, 64, 256, 2) == 2 * base
    assert step_work(128, 784, 256, 2) > base
    assert step_work(128, 64, 256, 3) > base


def test_cpu_threads_restores_the_count_after_an_error(two_threads, monkeypatch):
    monkeypatch.setattr(threads_module, "busy_cores", lambda: 1)
    monkeypatch.setattr(threads_module, "available_cores", lambda: 2)
    with pytest.raises(RuntimeError), cpu_threads(torch.device("cpu"), SMALL_WORK * 10) as n:
        assert n == 1 == torch.get_num_threads()
        raise RuntimeError
    assert torch.get_num_threads() == 2


def test_cpu_threads_respects_threadpoolctl_limits(two_threads, monkeypatch):
    monkeypatch.setattr(threads_module, "busy_cores", lambda: 0)
    monkeypatch.setattr(threads_module, "available_cores", lambda: 8)
    monkeypatch.setattr(threads_module, "openmp_limit", lambda: 1)
    with cpu_threads(torch.device("cpu"), SMALL_WORK * 10) as n:
        assert n == 1
    assert torch.get_num_threads() == 2


def test_openmp_limit_reads_threadpool_limits():
    with threadpool_limits(limits=1, user_api="openmp"):
        limit = threads_module.openmp_limit()
    # None where no OpenMP runtime is loaded; 1 wherever one is.
    assert limit in (None, 1)


def test_fit_and_predict_leave_the_users_thread_count(two_threads, monkeypatch):
    seen = []
    set_num_threads = torch.set_num_threads

    def spy(n):
        seen.append(n)
        set_num_threads(n)

    monkeypatch.setattr(torch, "set_num_threads", spy)
    monkeypatch.setattr(threads_module, "busy_cores", lambda: 0)
    monkeypatch.setattr(threads_module, "available_cores", lambda: 64)
    model = ForwardForwardClassifier(width=512, max_iter=2, device="cpu", random_state=0)
    model.fit(X, Y)
    model.predict(X)
    assert torch.get_num_threads() == 2
    # Never above the user's 2 threads, however many cores are idle.
    assert all(n <= 2 for n in seen)


def test_a_user_limit_of_one_thread_holds_inside_fit(step_threads, monkeypatch):
    counts = step_threads
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    monkeypatch.setattr(threads_module, "busy_cores", lambda: 0)
    try:
        ForwardForwardClassifier(width=512, max_iter=1, device="cpu", random_state=0).fit(X, Y)
        assert set(counts) == {1}
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(previous)


def test_small_fits_train_on_one_thread(two_threads, step_threads, monkeypatch):
    counts = step_threads
    monkeypatch.setattr(threads_module, "busy_cores", lambda: 0)
    iris_like = np.random.default_rng(0).normal(size=(60, 4))
    ForwardForwardClassifier(width=16, max_iter=1, device="cpu", random_state=0).fit(
        iris_like, np.arange(60) % 3
    )
    assert set(counts) == {1}
    assert torch.get_num_threads() == 2


def test_own_running_threads_counts_a_thread_that_computes():
    import threading

    stop = threading.Event()

    def compute():
        a = torch.rand(256, 256)
        while not stop.is_set():
            torch.mm(a, a)  # releases the GIL: the thread stays runnable

    worker = threading.Thread(target=compute)
    worker.start()
    try:
        seen = max(threads_module.own_running_threads() for _ in range(200))
    finally:
        stop.set()
        worker.join()
    assert seen >= 2
    assert threads_module.own_running_threads() >= 1


def test_busy_cores_leaves_out_this_process_s_own_threads(monkeypatch):
    """Spinning OpenMP workers of this process are not other load."""
    monkeypatch.setattr(threads_module, "own_running_threads", lambda: 10**6)
    assert threads_module.busy_cores() == 0

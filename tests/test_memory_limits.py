"""The memory check respects the address-space limit (``ulimit -v``, issue 20).

A fit the check passed could die in torch's allocator when ``RLIMIT_AS`` left
less than the machine's free memory. The limit is set in a child process, so
that this one is unaffected.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

resource = pytest.importorskip("resource")
if not os.path.exists("/proc/self/status"):
    pytest.skip("needs /proc/self/status (Linux)", allow_module_level=True)

#: Set RLIMIT_AS to what the process maps already plus 256 MiB (torch is loaded first,
#: as it is before any fit), then check a fit that needs gigabytes and one that needs
#: little; print what happened as JSON.
CHILD = """
import json, resource
import numpy as np
import skff.memory as memory

def check(width):
    try:
        memory.check_fit_memory(1000, 784, 10, 2, width, 100, "random", "cpu")
    except memory.InsufficientMemoryError as exc:
        return str(exc)
    return None

before = {"available": memory.available_memory("cpu"), "big": check(8000)}
status = open("/proc/self/status").read()
vm = int(next(l for l in status.splitlines() if l.startswith("VmSize:")).split()[1]) * 1024
_, hard = resource.getrlimit(resource.RLIMIT_AS)
resource.setrlimit(resource.RLIMIT_AS, (vm + (256 << 20), hard))
limited = {"available": memory.available_memory("cpu"), "big": check(8000), "small": check(16)}
try:
    np.ones((2048 << 20) // 8)  # 2 GiB: what the limit forbids
    allocated = True
except MemoryError:
    allocated = False
print(json.dumps({"before": before, "limited": limited, "allocated": allocated}))
"""


def _run_child() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_address_space_limit_caps_the_available_memory_and_refuses_the_fit():
    result = _run_child()
    if result["before"]["big"] is not None:
        pytest.skip("this machine has too little memory for the unlimited case to pass")
    limited = result["limited"]
    assert not result["allocated"]  # the limit is real: 2 GiB cannot be had
    assert limited["available"] <= 256 << 20
    assert limited["big"] is not None, "the check passed a fit the address space cannot hold"
    assert "cannot be trained on cpu" in limited["big"]
    assert "address-space limit, ulimit -v" in limited["big"]
    assert "raise the limit (ulimit -v unlimited)" in limited["big"]
    assert limited["small"] is None  # a fit that fits still passes


def test_address_space_limit_is_none_without_one():
    from skff.memory import address_space_limit

    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    expected = None if soft == resource.RLIM_INFINITY else soft
    assert address_space_limit() == expected

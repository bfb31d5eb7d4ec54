"""Taking saved model files apart and putting edited ones together, digests recomputed.

The reliability tests of :func:`skff.load` (``test_reliability_persistence.py``
and ``test_fuzz_load.py``) edit files the way a careless or hostile editor
would: change the JSON, recompute the SHA-256 digests so that the integrity
checks pass, and see what ``load`` makes of the result.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from safetensors.torch import load as load_tensors

from skff.model_file.format import tensor_digest as _tensor_digest

#: Whether the peak resident set size can be reset (Linux).
CAN_MEASURE_PEAK = sys.platform == "linux" and Path("/proc/self/clear_refs").exists()


def split(data: bytes) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """The safetensors header, the skff document in it, and the tensor bytes."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    doc = json.loads(header["__metadata__"]["skff"])
    return header, doc, data[8 + size :]


def assemble(header: dict[str, Any], body: bytes, text: str | None = None) -> bytes:
    """A file of ``header`` and ``body``; with ``text``, that document and its digest."""
    header = dict(header)
    if text is not None:
        header["__metadata__"] = {
            "skff": text,
            "skff_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + body


def rewrite(
    data: bytes,
    edit: Callable[[dict[str, Any]], Any] | None = None,
    edit_header: Callable[[dict[str, Any]], Any] | None = None,
) -> bytes:
    """``data`` with its document (and header) edited and both digests recomputed.

    ``edit`` changes the document in place; ``edit_header`` the safetensors
    header's tensor entries. The digest of the weights is recomputed from the
    tensors the edited header describes, when safetensors can read them.
    """
    header, doc, body = split(data)
    if edit is not None:
        edit(doc)
    if edit_header is not None:
        edit_header(header)
        with contextlib.suppress(Exception):  # not readable: load() must say so
            doc["weights_sha256"] = _tensor_digest(load_tensors(assemble(header, body)))
    return assemble(header, body, json.dumps(doc, sort_keys=True))


def _status(field: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(field + ":"))


def measure(call: Callable[[], Any]) -> tuple[Any, Exception | None, float, int | None]:
    """Run ``call``: its result, the exception it raised, seconds, and the peak memory it added.

    The seconds are the process's CPU time, which other processes competing
    for the CPU do not inflate as they do the wall-clock time. The peak is the
    growth of the resident set size over ``call`` (None where it cannot be
    measured); tracemalloc would not see PyTorch's allocations.
    """
    if CAN_MEASURE_PEAK:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak (VmHWM) to the current resident set size
        before = _status("VmRSS")
    start = time.process_time()
    result, error = None, None
    try:
        result = call()
    except Exception as err:  # the caller decides which are allowed
        error = err
    seconds = time.process_time() - start
    peak = _status("VmHWM") - before if CAN_MEASURE_PEAK else None
    return result, error, seconds, peak

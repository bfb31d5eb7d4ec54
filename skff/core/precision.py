"""Matmul precision: float32, TF32 (CUDA) or bfloat16 (CUDA and the CPU).

:func:`matmul_precision` sets the precision of the matmuls that the training
step and the scorer run inside it:

* ``"fp32"``: full float32 (the default).
* ``"tf32"``: float32 tensors, TF32 tensor-core matmuls on Ampere and later
  GPUs (``torch.set_float32_matmul_precision("high")`` for the duration of
  the block): 10 mantissa bits in the products, float32 accumulation. TF32
  does not exist on the CPU, which computes in float32 instead.
* ``"bf16"``: the matmul operands are cast to bfloat16 and multiplied with
  float32 accumulation (on the GPU's tensor cores; on the CPU by oneDNN,
  with AVX512-BF16 or AMX where the CPU has them), as ``torch.autocast``
  does; the results, the goodness, the gradients, the weights and Adam's
  state stay in float32. Autocast itself does not apply here: the hot loop
  writes its matmuls into preallocated buffers with ``out=``, which autocast
  skips. On CPUs without bfloat16 units oneDNN converts the operands and
  multiplies in float32, which is slower than float32 throughout (measured
  on an AVX2-only AMD EPYC: ``docs/benchmarks/speed.md``), so ``"bf16"``
  stays a choice, not a default.

Everything except the layers' matmuls (the softmax head's included) runs in
float32 under every setting.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator

import torch

PRECISIONS = ("fp32", "tf32", "bf16")

#: The largest float32 magnitude: the network computes in float32, and larger
#: inputs would overflow to infinity.
FLOAT32_MAX = float(torch.finfo(torch.float32).max)

# The dtype the matmul operands are cast to, or None for no cast. A context
# variable, so that concurrent fits in other threads keep their own setting.
_OPERAND_DTYPE: contextvars.ContextVar[torch.dtype | None] = contextvars.ContextVar(
    "skff_matmul_operand_dtype", default=None
)


def effective_precision(precision: str, device: torch.device) -> str:
    """The precision that runs on ``device``: ``"tf32"`` is float32 off CUDA.

    Parameters
    ----------
    precision : {"fp32", "tf32", "bf16"}
    device : torch.device

    Returns
    -------
    str
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}; got {precision!r}.")
    return "fp32" if precision == "tf32" and device.type != "cuda" else precision


@contextlib.contextmanager
def matmul_precision(precision: str, device: torch.device) -> Iterator[str]:
    """Run the block's skff matmuls at ``precision``.

    Parameters
    ----------
    precision : {"fp32", "tf32", "bf16"}
    device : torch.device
        Where the block computes; ``"tf32"`` is float32 off CUDA.

    Yields
    ------
    str
        The precision in effect.
    """
    effective = effective_precision(precision, device)
    if effective == "tf32":
        previous = torch.get_float32_matmul_precision()
        torch.set_float32_matmul_precision("high")
        try:
            yield effective
        finally:
            torch.set_float32_matmul_precision(previous)
    elif effective == "bf16":
        token = _OPERAND_DTYPE.set(torch.bfloat16)
        try:
            yield effective
        finally:
            _OPERAND_DTYPE.reset(token)
    else:
        yield effective


@functools.cache
def cpu_has_bf16_units() -> bool:
    """Whether the CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX): ``/proc/cpuinfo``."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            flags = next((line for line in cpuinfo if line.startswith("flags")), "").split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _bf16_product(a: torch.Tensor, b: torch.Tensor, dtype: torch.dtype) -> torch.Tensor | None:
    """``a @ b`` with operands rounded to ``dtype``; None where the float32 kernel must run.

    Without bfloat16 units, the CPU's bfloat16 matmul falls back to a kernel about a hundred
    times slower than float32 (measured: a 512 x 1000 x 1000 product took over a minute
    against 24 ms on an AVX2 EPYC). The product of two bfloat16 numbers is exact in
    float32, so rounding the operands and multiplying in float32 computes the same
    thing at float32 speed; the caller does that when this returns None.
    """
    if a.device.type == "cpu" and not cpu_has_bf16_units():
        return None
    return torch.mm(a.to(dtype), b.to(dtype))


def mm(a: torch.Tensor, b: torch.Tensor, out: torch.Tensor | None = None) -> torch.Tensor:
    """``a @ b`` at the precision in effect, with a float32 result.

    Parameters
    ----------
    a, b : torch.Tensor
        float32 matrices.
    out : torch.Tensor, optional
        float32 tensor to write the product into.

    Returns
    -------
    torch.Tensor
        ``out`` if given, else a new tensor.
    """
    dtype = _OPERAND_DTYPE.get()
    if dtype is None:
        return torch.mm(a, b, out=out)
    product = _bf16_product(a, b, dtype)
    if product is None:
        return torch.mm(_rounded(a, dtype), _rounded(b, dtype), out=out)
    if out is None:
        return product.to(a.dtype)
    return out.copy_(product)


def addmm(
    bias: torch.Tensor, a: torch.Tensor, b: torch.Tensor, out: torch.Tensor | None = None
) -> torch.Tensor:
    """``bias + a @ b`` at the precision in effect, with a float32 result.

    Parameters
    ----------
    bias : torch.Tensor
        float32, broadcast over the rows of the product.
    a, b : torch.Tensor
        float32 matrices.
    out : torch.Tensor, optional
        float32 tensor to write the result into.

    Returns
    -------
    torch.Tensor
        ``out`` if given, else a new tensor.
    """
    dtype = _OPERAND_DTYPE.get()
    if dtype is None:
        return torch.addmm(bias, a, b, out=out)
    product = _bf16_product(a, b, dtype)
    if product is None:
        return torch.addmm(bias, _rounded(a, dtype), _rounded(b, dtype), out=out)
    return torch.add(product, bias, out=out) if out is not None else product.float() + bias


def _rounded(t: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """``t`` rounded to ``dtype`` and back to its own dtype."""
    return t.to(dtype).to(t.dtype)

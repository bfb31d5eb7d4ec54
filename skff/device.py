"""Choosing the torch device from the estimator's ``device`` parameter."""

from __future__ import annotations

import re

import torch

_DEVICE_PATTERN = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")


def is_device_string(device: object) -> bool:
    """Whether ``device`` is ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.

    Parameters
    ----------
    device : object

    Returns
    -------
    bool
        True for a well-formed device string, whether or not this machine has
        that device.
    """
    return isinstance(device, str) and bool(_DEVICE_PATTERN.match(device))


def resolve_device(device: str, owner: str = "ForwardForwardClassifier") -> torch.device:
    """Turn ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"`` into a torch device.

    Parameters
    ----------
    device : str
        ``"auto"`` picks CUDA when available, else the CPU.
    owner : str, default="ForwardForwardClassifier"
        The estimator whose parameter this is, for the messages.

    Returns
    -------
    torch.device

    Raises
    ------
    ValueError
        For any other string, or for a CUDA device that this machine lacks.
    """
    if not is_device_string(device):
        raise ValueError(
            f"The 'device' parameter of {owner} must be 'auto', "
            f"'cpu', 'cuda' or 'cuda:N'; got {device!r}."
        )
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    resolved = torch.device(device)
    if resolved.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(
                f"device={device!r} but CUDA is not available on this machine. "
                "Use device='auto' to fall back to the CPU, or device='cpu'."
            )
        if resolved.index is not None and resolved.index >= torch.cuda.device_count():
            raise ValueError(
                f"device={device!r} but this machine has "
                f"{torch.cuda.device_count()} CUDA device(s). Use 'cuda:0' to "
                f"'cuda:{torch.cuda.device_count() - 1}' or 'auto'."
            )
    return resolved

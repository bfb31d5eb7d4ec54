"""Test configuration: point the data loaders at the shared data sets."""

import os
from pathlib import Path

import pytest
import torch

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

if "SKFF_DATA_HOME" not in os.environ and SHARED_DATA.is_dir():
    os.environ["SKFF_DATA_HOME"] = str(SHARED_DATA)


def pytest_collection_modifyitems(config, items):
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA device; none is available")
    for item in items:
        if "cuda" in item.keywords:
            item.add_marker(skip)

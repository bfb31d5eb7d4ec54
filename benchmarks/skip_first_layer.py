"""Held-out accuracy with and without ``skip_first_layer``, per variant.

Why the fit warns for ``variant="cff"`` with ``skip_first_layer=True``: CFF trains every
layer to add to the whole network's goodness, layer 1's included, so the later layers alone
tell labels apart poorly. Four of scikit-learn's small sets, standardized, a stratified
quarter held out, ``random_state=0``, the defaults otherwise (depth 2)::

    python benchmarks/skip_first_layer.py > benchmarks/results/skip_first_layer.md
"""

from __future__ import annotations

import warnings

import torch
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skff import ForwardForwardClassifier

DATASETS = {
    "digits": load_digits,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "iris": load_iris,
}
VARIANTS = ("cff", "cff_prev", "ff")


def main() -> None:
    torch.set_num_threads(1)
    header = [f"{v}, {mode}" for v in VARIANTS for mode in ("every layer", "skip layer 1")]
    print("| data set | " + " | ".join(header) + " |")
    print("|---|" + "---|" * len(header))
    for name, load in DATASETS.items():
        X, y = load(return_X_y=True)
        X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
        cells = []
        for variant in VARIANTS:
            for skip in (False, True):
                model = ForwardForwardClassifier(
                    variant=variant, skip_first_layer=skip, random_state=0
                )
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # the warning this script explains
                    pipe = make_pipeline(StandardScaler(), model).fit(X_train, y_train)
                cells.append(f"{pipe.score(X_test, y_test):.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

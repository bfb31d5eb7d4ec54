"""The ``skff`` command line: ``skff demo``, ``skff bench`` and friends.

Each subcommand lives in its own module, which provides ``add_arguments``
(to fill an argparse sub-parser) and ``run`` (to execute it and return an
exit code). Modules are imported only when their subcommand runs, so
``skff --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from skff._version import __version__

#: Exit status after Ctrl-C: 128 + SIGINT, as a shell reports a command it interrupted.
INTERRUPTED = 130

# name -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("skff.demo", "fit FF, CFF and backprop on sklearn's digits and print a table"),
    "bench": ("skff.bench", "the paper's table on MNIST, Fashion-MNIST or CIFAR-10"),
}


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors take one line.

    A bad option ends the program with ``<prog>: error: <what is wrong>
    (see <prog> --help)`` on stderr and exit status 2, as argparse's own
    errors, but without the usage lines, which for ``skff bench`` run over a
    dozen lines and bury the message.
    """

    def error(self, message: str) -> NoReturn:
        """Print a one-line error and exit with status 2.

        Parameters
        ----------
        message : str
            What is wrong.
        """
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``skff`` command."""
    parser = ArgumentParser(
        prog="skff",
        description="Forward-Forward and Collaborative Forward-Forward for scikit-learn.",
    )
    parser.add_argument("--version", action="version", version=f"skff {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        sub_parser.set_defaults(_module=module_name)
        importlib.import_module(module_name).add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``skff`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit code: 2 for a bad option, 130 after Ctrl-C.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        # Ctrl-C is the user's choice, not a failure to debug: one line, and the shell's
        # status for SIGINT (128 + 2), not a traceback and status 1.
        print(f"skff {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``doc2sdk`` command line: extract, generate, check, verify, serve, diff.

Verbs owned by other modules (verify, serve, diff) are loaded lazily from
``generator.<module>``, each exposing ``add_arguments(parser)`` and
``run(args) -> int``; this keeps start-up fast for ``doc2sdk check``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .errors import Doc2SdkError

# verb -> (module, one-line help)
_VERBS = {
    "extract": ("generator.commands", "extract definitions from captured doc pages"),
    "generate": ("generator.commands", "render generated/<api>/ from definitions/<api>/"),
    "check": ("generator.commands", "exit 1 with a diff when definitions/ or generated/ is stale"),
    "verify": ("generator.verify", "check every doc example against the generated codecs and signers"),
    "serve": ("generator.simulator", "run a local simulator of an API on loopback"),
    "diff": ("generator.diff", "semantic diff of two definitions, with breaking-change rules"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per verb."""
    parser = argparse.ArgumentParser(prog="doc2sdk", description="Turn captured API doc pages into Python SDKs.")
    parser.add_argument("--root", default=".", help="project root holding definitions/ and generated/ (default: .)")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb, (module_name, help_text) in _VERBS.items():
        verb_parser = sub.add_parser(verb, help=help_text, description=help_text)
        module = _load(module_name)
        add = getattr(module, f"add_{verb}_arguments", None) or getattr(module, "add_arguments")
        add(verb_parser)
        verb_parser.set_defaults(_module=module_name)
    return parser


def _load(module_name: str) -> object:
    return importlib.import_module(module_name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; every doc2sdk error becomes one line on stderr and exit 2."""
    args = build_parser().parse_args(argv)
    module = _load(args._module)
    run = getattr(module, f"run_{args.verb}", None) or getattr(module, "run")
    try:
        return int(run(args))
    except Doc2SdkError as exc:
        print(f"doc2sdk: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

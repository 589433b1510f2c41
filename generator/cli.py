"""The ``doc2sdk`` command line: extract, generate, check, verify, serve, diff.

Verbs owned by other modules (verify, serve, diff, corpus) are loaded lazily from the
module ``_VERBS`` names, each exposing ``add_arguments(parser)`` and
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
    "verify": ("generator.verification.verify", "check every doc example against the generated codecs and signers"),
    "serve": ("generator.simulation.simulator", "run a local simulator of an API on loopback"),
    "diff": ("generator.review.diff", "semantic diff of two definitions, with breaking-change rules"),
    "corpus": ("generator.corpus", "build the SDKs of ../shared/corpus into build/corpus (recipes in corpus/)"),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per verb.

    With ``argv``, only the module of the verb it names is imported to add that verb's
    arguments (the others are listed by their help line): ``verify``, ``serve`` and
    ``diff`` pull in http.server and the diff rules, which ``generate`` must not pay for.
    """
    parser = argparse.ArgumentParser(prog="doc2sdk", description="Turn captured API doc pages into Python SDKs.")
    parser.add_argument("--root", default=".", help="project root holding definitions/ and generated/ (default: .)")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    chosen = None if argv is None else _verb_of(argv)
    # An unknown first positional is argparse's error to report: then every verb is built, as before.
    only = argv is not None and (chosen is None or chosen in _VERBS)
    for verb, (module_name, help_text) in _VERBS.items():
        verb_parser = sub.add_parser(verb, help=help_text, description=help_text)
        verb_parser.set_defaults(_module=module_name)
        if only and verb != chosen:
            continue  # argparse dispatches to one sub-parser: the others need no arguments
        module = _load(module_name)
        add = getattr(module, f"add_{verb}_arguments", None) or getattr(module, "add_arguments")
        add(verb_parser)
    return parser


def _verb_of(argv: Sequence[str]) -> str | None:
    """The verb ``argv`` names: its first positional, skipping ``--root``'s value (None if absent)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif len(arg) > 2 and "--root".startswith(arg):  # argparse accepts --ro for --root
            skip = True
        elif arg == "--":
            continue
        elif not arg.startswith("-"):
            return arg
    return None


def _load(module_name: str) -> object:
    return importlib.import_module(module_name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; every doc2sdk error becomes one line on stderr and exit 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
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

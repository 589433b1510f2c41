"""Definitions: ``definitions/<api>/`` (api.yaml, overrides.yaml) <-> ``model.Definition``, checked by ``schemas/``.

In: YAML text and the model (from extraction).  Out: validated ``Api``/``Overrides``/``Definition``
and deterministic YAML.  Must never import: extraction, rendering, formatting or any tool.
"""

from .yaml_io import (
    HEADER,
    dump_api,
    load_definition,
    parse_api,
    parse_overrides,
    with_api_version,
)

__all__ = ["HEADER", "dump_api", "load_definition", "parse_api", "parse_overrides", "with_api_version"]

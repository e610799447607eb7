"""reskg: European Parliament resolutions as a validated, queryable, linked RDF knowledge graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reskg")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

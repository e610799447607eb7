"""`reskg serve`: linked-data dereferencing and a read-only SPARQL endpoint over HTTP."""

from reskg.serve.app import ServerConfig, create_app

__all__ = ["ServerConfig", "create_app"]

"""The static linked-data site: model (what pages say), views (templates), generator (files)."""

from reskg.site.generate import SiteReport, build_site
from reskg.site.paths import doc_path, resource_path

__all__ = ["SiteReport", "build_site", "doc_path", "resource_path"]

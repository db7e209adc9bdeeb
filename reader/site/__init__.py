"""Site stage: write the rendered pages into a docs directory and build it with mkdocs-material."""

from reader.site.build import build_site

__all__ = ["build_site"]

"""Source stage: get Kubernetes at the pinned tag into a verified, cached work tree.

`resolve_source` turns what the user named into a safe `SourceSpec`; `fetch_source` returns
a `SourceTree`, cloning only when the cache does not already hold it.
"""

from reader.source.clone import fetch_source
from reader.source.models import SourceSpec, SourceTree
from reader.source.spec import resolve_source

__all__ = ["SourceSpec", "SourceTree", "fetch_source", "resolve_source"]

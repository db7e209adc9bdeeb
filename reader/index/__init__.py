"""Index stage: packages, symbols and a type-aware call graph of the whole Go tree."""

from reader.index.build import build_index
from reader.index.models import DYNAMIC, RESOLVED, UNRESOLVED, CallEdge, Index, Package, Symbol

__all__ = ["DYNAMIC", "RESOLVED", "UNRESOLVED", "CallEdge", "Index", "Package", "Symbol", "build_index"]

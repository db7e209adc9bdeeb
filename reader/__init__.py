"""k8s-reader: a source-annotated reading companion for Kubernetes v1.9.9.

The pipeline runs in stages, one package each, data flowing one way:
source (clone v1.9.9) -> parse (tree-sitter) -> index (symbols, calls) -> trace/facts
-> render -> site.  Stages hand each other frozen dataclasses.
"""

__version__ = "0.1.0"

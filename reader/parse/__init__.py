"""Parse stage: select Go files as `go build` would and summarise each into a `GoFile`."""

from reader.parse.build import Selection, select_file
from reader.parse.extract import line_starts, name_uses, parse_file

__all__ = ["Selection", "line_starts", "name_uses", "parse_file", "select_file"]

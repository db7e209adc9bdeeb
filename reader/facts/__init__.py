"""Facts stage: flags, defaults and startup steps of a book, read by running its v1.9.9 startup code."""

from reader.facts import report
from reader.facts.extract import extract_facts
from reader.facts.models import ControllerFact, DefaultFact, Facts, FlagFact, Registration, Step

__all__ = ["report", "ControllerFact", "DefaultFact", "Facts", "FlagFact", "Registration", "Step", "extract_facts"]

"""Facts stage: flags, defaults and startup steps, read by running the v1.9.9 startup code."""

from reader.facts import report
from reader.facts.extract import Startup, extract_facts
from reader.facts.models import DefaultFact, Facts, FlagFact, Registration, Step

__all__ = ["report", "DefaultFact", "Facts", "FlagFact", "Registration", "Startup", "Step", "extract_facts"]

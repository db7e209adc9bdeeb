"""What a book is: one control-plane component, described as data (`<name>.json` beside this file).

A book names its `main`, where startup hands over to the long-running part, the options
constructor whose result is the defaults tree, the functions whose statements are the startup
steps, the trace scope, the book-specific facts to probe, and its replicas.  Everything else —
flags, defaults, steps, calls — is read from the source by the stages that take a Book."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class FlagSetKind(Enum):
    """Which flag set the binary parses when startup hands over."""

    COMMAND_LINE = "command-line"  # pflag.CommandLine, parsed by util/flag.InitFlags (kube-apiserver, kube-controller-manager)
    COBRA = "cobra"  # the command's Flags() with pflag.CommandLine merged in and cobra's --help (kube-scheduler)


class Probe(Enum):
    """Book-specific facts the facts stage can read; the book's JSON gives each its symbols."""

    API_VERSIONS = "api_versions"  # the group versions the default ResourceConfig enables
    REGISTERED_VERSIONS = "registered_versions"  # every group version the linked install packages register
    CONTROLLERS = "controllers"  # name → init function of a controller table, and which are off by default
    ALGORITHM_PROVIDER = "algorithm_provider"  # a scheduler algorithm provider's predicates and priorities, with weights


@dataclass(frozen=True)
class TraceScope:
    """Which calls the startup trace follows (symbols and package prefixes only)."""

    root: str
    depth: int
    descend: tuple[str, ...]  # package prefixes whose functions are expanded
    hide: tuple[str, ...]  # callee prefixes left out of the tree
    max_candidates: int

    def expands(self, package: str) -> bool:
        return any(package == p or package.startswith(p + "/") for p in self.descend)


@dataclass(frozen=True)
class Book:
    name: str  # the binary: kube-apiserver
    title: str  # as the navigation shows it
    summary: dict[str, str]  # language → one sentence for the home page's table of books
    main: str  # symbol id of main
    hand_over: str  # the call where startup hands over; the facts stage runs main up to it
    flag_set: FlagSetKind
    options: str  # the constructor whose result (as main leaves it at the hand-over) is the defaults tree
    steps: tuple[str, ...]  # functions whose statements are the startup steps
    trace: TraceScope
    opaque_packages: frozenset[str]  # packages whose functions are not run (logging)
    initialise_when_reaching: tuple[str, ...]  # package init runs when it reaches one of these (or a flag registration)
    lazy_init: bool  # any other package's init runs when the run first reads one of its variables
    probes: dict[Probe, dict[str, str]]  # probe → its symbols (a dict in a frozen model: never mutated)
    replicas: tuple[str, ...]  # runnable replicas, in the order the chapters walk them ("kube-scheduler/main", "pflag")
    main_replica: str  # the one that is the binary

    @property
    def chapters(self) -> str:
        """The chapter directory, relative to the project."""
        return f"chapters/{self.name}"

    @property
    def main_package(self) -> str:
        return self.main.rpartition(".")[0]

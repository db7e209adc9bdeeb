"""The algorithm_provider probe: a scheduler's DefaultProvider read from package initialisation
(names, weights, mandatory) and from the functions that build its name sets (registering line,
registered function), on a small hand-written tree shaped like plugin/pkg/scheduler; and on the
real v1.9.9 tree, the provider the chapters' table shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_books import CONTROLLER_MANAGER_TREE, SCHEDULER_TREE, facts_of, line_of

SETS = "staging/src/k8s.io/apimachinery/pkg/util/sets/string.go"
DEFAULTS = "plugin/pkg/scheduler/algorithmprovider/defaults/defaults.go"

TREE = {
    **SCHEDULER_TREE,
    SETS: CONTROLLER_MANAGER_TREE[SETS],
    "vendor/k8s.io/apimachinery": "->../../staging/src/k8s.io/apimachinery",
    "plugin/cmd/kube-scheduler/scheduler.go": SCHEDULER_TREE["plugin/cmd/kube-scheduler/scheduler.go"].replace(
        '"k8s.io/kubernetes/plugin/cmd/kube-scheduler/app"',
        '"k8s.io/kubernetes/plugin/cmd/kube-scheduler/app"\n            _ "k8s.io/kubernetes/plugin/pkg/scheduler/algorithmprovider/defaults"',
    ),
    "plugin/pkg/scheduler/factory/plugins.go": """
        package factory

        import "k8s.io/apimachinery/pkg/util/sets"

        type FitPredicate func() bool
        type PriorityMap func() int
        type PluginFactoryArgs struct{}
        type FitPredicateFactory func(PluginFactoryArgs) FitPredicate

        type PriorityConfigFactory struct {
            MapReduceFunction func(PluginFactoryArgs) PriorityMap
            Weight            int
        }

        type AlgorithmProviderConfig struct {
            FitPredicateKeys     sets.String
            PriorityFunctionKeys sets.String
        }

        const DefaultProvider = "DefaultProvider"

        var (
            fitPredicateMap        = make(map[string]FitPredicateFactory)
            mandatoryFitPredicates = sets.NewString()
            priorityFunctionMap    = make(map[string]PriorityConfigFactory)
            algorithmProviderMap   = make(map[string]AlgorithmProviderConfig)
        )

        func RegisterFitPredicate(name string, predicate FitPredicate) string {
            return RegisterFitPredicateFactory(name, func(PluginFactoryArgs) FitPredicate { return predicate })
        }

        func RegisterMandatoryFitPredicate(name string, predicate FitPredicate) string {
            fitPredicateMap[name] = func(PluginFactoryArgs) FitPredicate { return predicate }
            mandatoryFitPredicates.Insert(name)
            return name
        }

        func RegisterFitPredicateFactory(name string, predicateFactory FitPredicateFactory) string {
            fitPredicateMap[name] = predicateFactory
            return name
        }

        func RegisterPriorityFunction2(name string, mapFunction PriorityMap, weight int) string {
            return RegisterPriorityConfigFactory(name, PriorityConfigFactory{
                MapReduceFunction: func(PluginFactoryArgs) PriorityMap { return mapFunction },
                Weight:            weight,
            })
        }

        func RegisterPriorityConfigFactory(name string, pcf PriorityConfigFactory) string {
            priorityFunctionMap[name] = pcf
            return name
        }

        func RegisterAlgorithmProvider(name string, predicateKeys, priorityKeys sets.String) string {
            algorithmProviderMap[name] = AlgorithmProviderConfig{
                FitPredicateKeys:     predicateKeys,
                PriorityFunctionKeys: priorityKeys,
            }
            return name
        }
    """,
    "plugin/pkg/scheduler/algorithm/predicates/predicates.go": """
        package predicates

        const MatchInterPodAffinity = "MatchInterPodAffinity"

        func NoDiskConflict() bool { return true }
        func CheckNodeConditionPredicate() bool { return true }
        func NewVolumeZonePredicate(zone string) func() bool { return NoDiskConflict }
        func NewPodAffinityPredicate() func() bool { return NoDiskConflict }
    """,
    "plugin/pkg/scheduler/algorithm/priorities/priorities.go": """
        package priorities

        func LeastRequestedPriorityMap() int { return 10 }
        func CalculateNodePreferAvoidPodsPriorityMap() int { return 10 }
        func EqualPriorityMap() int { return 1 }
        func NewSelectorSpreadPriority() func() int { return LeastRequestedPriorityMap }
    """,
    DEFAULTS: """
        package defaults

        import (
            "k8s.io/apimachinery/pkg/util/sets"
            "k8s.io/kubernetes/plugin/pkg/scheduler/algorithm/predicates"
            "k8s.io/kubernetes/plugin/pkg/scheduler/algorithm/priorities"
            "k8s.io/kubernetes/plugin/pkg/scheduler/factory"
        )

        func init() {
            factory.RegisterAlgorithmProvider(factory.DefaultProvider, defaultPredicates(), defaultPriorities())
            factory.RegisterPriorityFunction2("EqualPriority", priorities.EqualPriorityMap, 1)
        }

        func defaultPredicates() sets.String {
            return sets.NewString(
                factory.RegisterFitPredicateFactory(
                    "NoVolumeZoneConflict",
                    func(args factory.PluginFactoryArgs) factory.FitPredicate {
                        return predicates.NewVolumeZonePredicate("zone")
                    },
                ),
                factory.RegisterFitPredicateFactory(predicates.MatchInterPodAffinity, func(args factory.PluginFactoryArgs) factory.FitPredicate {
                    return predicates.NewPodAffinityPredicate()
                }),
                factory.RegisterFitPredicate("NoDiskConflict", predicates.NoDiskConflict),
                factory.RegisterMandatoryFitPredicate("CheckNodeCondition", predicates.CheckNodeConditionPredicate),
            )
        }

        func defaultPriorities() sets.String {
            return sets.NewString(
                factory.RegisterPriorityConfigFactory(
                    "SelectorSpreadPriority",
                    factory.PriorityConfigFactory{
                        MapReduceFunction: func(args factory.PluginFactoryArgs) factory.PriorityMap {
                            return priorities.NewSelectorSpreadPriority()
                        },
                        Weight: 1,
                    },
                ),
                factory.RegisterPriorityFunction2("LeastRequestedPriority", priorities.LeastRequestedPriorityMap, 1),
                factory.RegisterPriorityFunction2("NodePreferAvoidPodsPriority", priorities.CalculateNodePreferAvoidPodsPriorityMap, 10000),
            )
        }
    """,
}

PREDICATES = "k8s.io/kubernetes/plugin/pkg/scheduler/algorithm/predicates"
PRIORITIES = "k8s.io/kubernetes/plugin/pkg/scheduler/algorithm/priorities"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory):
    return facts_of(tmp_path_factory.mktemp("provider"), TREE, "kube-scheduler").algorithm


def test_the_provider_holds_what_its_name_sets_registered_in_source_order(provider) -> None:
    """EqualPriority is registered too, but outside the provider's sets: it is not a row."""
    assert [(a.kind, a.name) for a in provider] == [
        ("predicate", "NoVolumeZoneConflict"), ("predicate", "MatchInterPodAffinity"), ("predicate", "NoDiskConflict"),
        ("predicate", "CheckNodeCondition"), ("priority", "SelectorSpreadPriority"), ("priority", "LeastRequestedPriority"),
        ("priority", "NodePreferAvoidPodsPriority"),
    ]  # fmt: skip


def test_weights_and_mandatory_come_from_the_registries(provider) -> None:
    rows = {a.name: a for a in provider}
    assert {n: a.weight for n, a in rows.items() if a.kind == "priority"} == {"SelectorSpreadPriority": 1, "LeastRequestedPriority": 1, "NodePreferAvoidPodsPriority": 10000}
    assert [n for n, a in rows.items() if a.mandatory] == ["CheckNodeCondition"]
    assert all(a.weight is None for a in provider if a.kind == "predicate")


def test_each_row_names_its_registering_line_and_the_function_registered(provider) -> None:
    """A name written as a constant (predicates.MatchInterPodAffinity) is evaluated; the function
    is the second argument, or the first call inside a factory literal or composite."""
    rows = {a.name: a for a in provider}
    assert rows["NoDiskConflict"].source == line_of(TREE, DEFAULTS, 'RegisterFitPredicate("NoDiskConflict"')
    assert rows["MatchInterPodAffinity"].source == line_of(TREE, DEFAULTS, "predicates.MatchInterPodAffinity")
    assert rows["NoVolumeZoneConflict"].source == line_of(TREE, DEFAULTS, "factory.RegisterFitPredicateFactory(")
    assert {n: a.function for n, a in rows.items()} == {
        "NoVolumeZoneConflict": f"{PREDICATES}.NewVolumeZonePredicate", "MatchInterPodAffinity": f"{PREDICATES}.NewPodAffinityPredicate",
        "NoDiskConflict": f"{PREDICATES}.NoDiskConflict", "CheckNodeCondition": f"{PREDICATES}.CheckNodeConditionPredicate",
        "SelectorSpreadPriority": f"{PRIORITIES}.NewSelectorSpreadPriority", "LeastRequestedPriority": f"{PRIORITIES}.LeastRequestedPriorityMap",
        "NodePreferAvoidPodsPriority": f"{PRIORITIES}.CalculateNodePreferAvoidPodsPriorityMap",
    }  # fmt: skip


def test_a_tree_without_the_provider_has_no_rows_and_says_so(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, SCHEDULER_TREE, "kube-scheduler")
    assert facts.algorithm == ()
    assert any("algorithm provider could not be evaluated" in note for note in facts.notes)


@pytest.mark.realtree
def test_the_real_default_provider(real_facts_scheduler) -> None:
    rows = {a.name: a for a in real_facts_scheduler.algorithm}
    assert sum(a.kind == "predicate" for a in rows.values()) == 12 and sum(a.kind == "priority" for a in rows.values()) == 7
    assert rows["NodePreferAvoidPodsPriority"].weight == 10000
    assert {a.weight for n, a in rows.items() if a.kind == "priority" and n != "NodePreferAvoidPodsPriority"} == {1}
    assert [n for n, a in rows.items() if a.mandatory] == ["CheckNodeCondition"]
    assert all(a.source.startswith("plugin/pkg/scheduler/algorithmprovider/defaults/defaults.go:") and a.function for a in rows.values())


@pytest.fixture(scope="module")
def real_facts_scheduler(real_index):
    from reader.books import load_book
    from reader.facts import extract_facts

    root, index = real_index
    return extract_facts(root, index, load_book("kube-scheduler"))

"""Books as data: the loader, and the facts stage on fixture trees shaped like each book's entry
style — a cobra command whose defaults come through the scheme's registered defaulters
(kube-scheduler), AddFlags with extra arguments and a controller table (kube-controller-manager).

The fixtures sit at the real books' import paths, so the real book files drive them.  Expected
values are what Go, pflag and cobra do with these fixtures, worked out by hand.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from reader.books import all_books, book_names, load_book, parse_book
from reader.cli import main
from reader.errors import UsageError
from reader.facts import extract_facts
from reader.index import build_index
from reader.pipeline import Pipeline
from reader.trace import trace
from tests.conftest import write_tree

PFLAG = """
    package pflag

    type ErrorHandling int

    const (
        ContinueOnError ErrorHandling = iota
        ExitOnError
    )

    type Flag struct {
        Name        string
        NoOptDefVal string
    }

    type FlagSet struct{}

    var CommandLine = NewFlagSet("main", ExitOnError)

    func NewFlagSet(name string, errorHandling ErrorHandling) *FlagSet                        { return &FlagSet{} }
    func (f *FlagSet) StringVar(p *string, name string, value string, usage string)           {}
    func (f *FlagSet) Int32Var(p *int32, name string, value int32, usage string)              {}
    func (f *FlagSet) BoolVar(p *bool, name string, value bool, usage string)                 {}
    func (f *FlagSet) BoolP(name, shorthand string, value bool, usage string) *bool           { return nil }
    func (f *FlagSet) StringSliceVar(p *[]string, name string, value []string, usage string)  {}
    func (f *FlagSet) Lookup(name string) *Flag                                               { return nil }
    func (f *FlagSet) AddFlagSet(newSet *FlagSet)                                             {}
    func (f *FlagSet) SetNormalizeFunc(n func(f *FlagSet, name string) string)                {}
    func (f *FlagSet) Parse(arguments []string) error                                         { return nil }
    func Parse()                                                                              {}
"""

COBRA = """
    package cobra

    import (
        "strings"

        flag "github.com/spf13/pflag"
    )

    type Command struct {
        Use   string
        Long  string
        Run   func(cmd *Command, args []string)
        flags *flag.FlagSet
    }

    func (c *Command) Name() string {
        name := c.Use
        i := strings.Index(name, " ")
        if i >= 0 {
            name = name[:i]
        }
        return name
    }

    func (c *Command) Flags() *flag.FlagSet {
        if c.flags == nil {
            c.flags = flag.NewFlagSet(c.Name(), flag.ContinueOnError)
        }
        return c.flags
    }

    func (c *Command) initHelpFlag() {
        if c.Flags().Lookup("help") == nil {
            c.Flags().BoolP("help", "h", false, "help for "+c.Name())
        }
    }

    func (c *Command) Execute() error {
        c.initHelpFlag()
        return nil
    }
"""

RUNTIME = {
    "staging/src/k8s.io/apimachinery/pkg/runtime/schema/group_version.go": """
        package schema

        type GroupVersion struct {
            Group   string
            Version string
        }
    """,
    "staging/src/k8s.io/apimachinery/pkg/runtime/scheme.go": """
        package runtime

        const APIVersionInternal = "__internal"

        type Scheme struct {
            defaulterFuncs map[string]func(interface{})
        }

        func NewScheme() *Scheme {
            panic("emulated: the facts stage never runs this")
        }

        type SchemeBuilder []func(*Scheme) error

        func (sb *SchemeBuilder) AddToScheme(s *Scheme) error {
            for _, f := range *sb {
                if err := f(s); err != nil {
                    return err
                }
            }
            return nil
        }

        func (sb *SchemeBuilder) Register(funcs ...func(*Scheme) error) {
            for _, f := range funcs {
                *sb = append(*sb, f)
            }
        }

        func NewSchemeBuilder(funcs ...func(*Scheme) error) SchemeBuilder {
            var sb SchemeBuilder
            sb.Register(funcs...)
            return sb
        }
    """,
}

# componentconfig: internal and v1alpha1, with a conversion each way and a defaulter registered as a
# function literal, as conversion-gen and defaulter-gen write them
COMPONENTCONFIG = {
    "pkg/apis/componentconfig/types.go": """
        package componentconfig

        type KubeSchedulerConfiguration struct {
            SchedulerName string
            Port          int32
            LeaderElect   bool
        }
    """,
    "pkg/apis/componentconfig/register.go": """
        package componentconfig

        import (
            "k8s.io/apimachinery/pkg/runtime"
            "k8s.io/apimachinery/pkg/runtime/schema"
        )

        var SchemeGroupVersion = schema.GroupVersion{Group: "componentconfig", Version: runtime.APIVersionInternal}

        var (
            SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)
            AddToScheme   = SchemeBuilder.AddToScheme
        )

        func addKnownTypes(scheme *runtime.Scheme) error {
            scheme.AddKnownTypes(SchemeGroupVersion, &KubeSchedulerConfiguration{})
            return nil
        }
    """,
    "pkg/apis/componentconfig/v1alpha1/types.go": """
        package v1alpha1

        const DefaultName = "default-scheduler"

        type KubeSchedulerConfiguration struct {
            SchedulerName string
            Port          int32
            LeaderElect   *bool
        }
    """,
    "pkg/apis/componentconfig/v1alpha1/register.go": """
        package v1alpha1

        import (
            "k8s.io/apimachinery/pkg/runtime"
            "k8s.io/apimachinery/pkg/runtime/schema"
        )

        var SchemeGroupVersion = schema.GroupVersion{Group: "componentconfig", Version: "v1alpha1"}

        var (
            SchemeBuilder      runtime.SchemeBuilder
            localSchemeBuilder = &SchemeBuilder
            AddToScheme        = localSchemeBuilder.AddToScheme
        )

        func init() {
            localSchemeBuilder.Register(addKnownTypes, RegisterDefaults, RegisterConversions)
        }

        func addKnownTypes(scheme *runtime.Scheme) error {
            scheme.AddKnownTypes(SchemeGroupVersion, &KubeSchedulerConfiguration{})
            return nil
        }
    """,
    "pkg/apis/componentconfig/v1alpha1/defaults.go": """
        package v1alpha1

        func SetDefaults_KubeSchedulerConfiguration(obj *KubeSchedulerConfiguration) {
            if len(obj.SchedulerName) == 0 {
                obj.SchedulerName = DefaultName
            }
            if obj.Port == 0 {
                obj.Port = 10251
            }
        }
    """,
    "pkg/apis/componentconfig/v1alpha1/zz_generated.defaults.go": """
        package v1alpha1

        import "k8s.io/apimachinery/pkg/runtime"

        func RegisterDefaults(scheme *runtime.Scheme) error {
            scheme.AddTypeDefaultingFunc(&KubeSchedulerConfiguration{}, func(obj interface{}) { SetDefaults_KubeSchedulerConfiguration(obj.(*KubeSchedulerConfiguration)) })
            return nil
        }
    """,
    "pkg/apis/componentconfig/v1alpha1/zz_generated.conversion.go": """
        package v1alpha1

        import (
            "k8s.io/apimachinery/pkg/runtime"
            componentconfig "k8s.io/kubernetes/pkg/apis/componentconfig"
        )

        func RegisterConversions(scheme *runtime.Scheme) error {
            return scheme.AddGeneratedConversionFuncs(
                Convert_v1alpha1_KubeSchedulerConfiguration_To_componentconfig_KubeSchedulerConfiguration,
                Convert_componentconfig_KubeSchedulerConfiguration_To_v1alpha1_KubeSchedulerConfiguration,
            )
        }

        func Convert_v1alpha1_KubeSchedulerConfiguration_To_componentconfig_KubeSchedulerConfiguration(in *KubeSchedulerConfiguration, out *componentconfig.KubeSchedulerConfiguration, s interface{}) error {
            out.SchedulerName = in.SchedulerName
            out.Port = in.Port
            if in.LeaderElect != nil {
                out.LeaderElect = *in.LeaderElect
            }
            return nil
        }

        func Convert_componentconfig_KubeSchedulerConfiguration_To_v1alpha1_KubeSchedulerConfiguration(in *componentconfig.KubeSchedulerConfiguration, out *KubeSchedulerConfiguration, s interface{}) error {
            out.SchedulerName = in.SchedulerName
            out.Port = in.Port
            out.LeaderElect = &in.LeaderElect
            return nil
        }
    """,
}

SCHEDULER_TREE = {
    "vendor/github.com/spf13/pflag/flag.go": PFLAG,
    "vendor/github.com/spf13/cobra/command.go": COBRA,
    **RUNTIME,
    **COMPONENTCONFIG,
    "plugin/cmd/kube-scheduler/scheduler.go": """
        package main

        import (
            "os"

            "github.com/spf13/pflag"
            "k8s.io/kubernetes/plugin/cmd/kube-scheduler/app"
        )

        var verbose = pflag.CommandLine

        func init() {
            pflag.CommandLine.StringVar(new(string), "log-dir", "", "If non-empty, write log files in this directory")
        }

        func main() {
            command := app.NewSchedulerCommand()
            if err := command.Execute(); err != nil {
                os.Exit(1)
            }
        }
    """,
    "plugin/cmd/kube-scheduler/app/server.go": """
        package app

        import (
            "github.com/spf13/cobra"
            "github.com/spf13/pflag"
            "k8s.io/apimachinery/pkg/runtime"
            "k8s.io/kubernetes/pkg/apis/componentconfig"
            componentconfigv1alpha1 "k8s.io/kubernetes/pkg/apis/componentconfig/v1alpha1"
        )

        type Options struct {
            ConfigFile string
            config     *componentconfig.KubeSchedulerConfiguration
            scheme     *runtime.Scheme
            master     string
        }

        func AddFlags(options *Options, fs *pflag.FlagSet) {
            fs.StringVar(&options.ConfigFile, "config", options.ConfigFile, "The path to the configuration file.")
            fs.Int32Var(&options.config.Port, "port", options.config.Port, "The port")
            fs.StringVar(&options.config.SchedulerName, "scheduler-name", options.config.SchedulerName, "Name of the scheduler")
            fs.BoolVar(&options.config.LeaderElect, "leader-elect", options.config.LeaderElect, "Elect a leader")
        }

        func NewOptions() (*Options, error) {
            o := &Options{
                config: new(componentconfig.KubeSchedulerConfiguration),
            }
            o.scheme = runtime.NewScheme()
            if err := componentconfig.AddToScheme(o.scheme); err != nil {
                return nil, err
            }
            if err := componentconfigv1alpha1.AddToScheme(o.scheme); err != nil {
                return nil, err
            }
            o.config.LeaderElect = true
            return o, nil
        }

        func (o *Options) ApplyDefaults(in *componentconfig.KubeSchedulerConfiguration) (*componentconfig.KubeSchedulerConfiguration, error) {
            external, err := o.scheme.ConvertToVersion(in, componentconfigv1alpha1.SchemeGroupVersion)
            if err != nil {
                return nil, err
            }
            o.scheme.Default(external)
            internal, err := o.scheme.ConvertToVersion(external, componentconfig.SchemeGroupVersion)
            if err != nil {
                return nil, err
            }
            out := internal.(*componentconfig.KubeSchedulerConfiguration)
            return out, nil
        }

        func NewSchedulerCommand() *cobra.Command {
            opts, _ := NewOptions()
            cmd := &cobra.Command{
                Use:  "kube-scheduler",
                Long: "The Kubernetes scheduler",
            }
            opts.config, _ = opts.ApplyDefaults(opts.config)
            flags := cmd.Flags()
            AddFlags(opts, flags)
            return cmd
        }

        func (o *Options) Run() error { return nil }
    """,
}

CONTROLLER_MANAGER_TREE = {
    "vendor/github.com/spf13/pflag/flag.go": PFLAG,
    "staging/src/k8s.io/apimachinery/pkg/util/sets/string.go": """
        package sets

        import (
            "reflect"
            "sort"
        )

        type Empty struct{}

        type String map[string]Empty

        func NewString(items ...string) String {
            ss := String{}
            ss.Insert(items...)
            return ss
        }

        func StringKeySet(theMap interface{}) String {
            v := reflect.ValueOf(theMap)
            ret := String{}
            for _, keyValue := range v.MapKeys() {
                ret.Insert(keyValue.Interface().(string))
            }
            return ret
        }

        func (s String) Insert(items ...string) {
            for _, item := range items {
                s[item] = Empty{}
            }
        }

        type sortableSliceOfString []string

        func (s String) List() []string {
            res := make(sortableSliceOfString, 0, len(s))
            for key := range s {
                res = append(res, key)
            }
            sort.Sort(res)
            return []string(res)
        }
    """,
    "staging/src/k8s.io/apiserver/pkg/util/flag/flags.go": """
        package flag

        import "github.com/spf13/pflag"

        func WordSepNormalizeFunc(f *pflag.FlagSet, name string) string { return name }

        func InitFlags() {
            pflag.CommandLine.SetNormalizeFunc(WordSepNormalizeFunc)
            pflag.Parse()
        }
    """,
    "cmd/kube-controller-manager/controller-manager.go": """
        package main

        import (
            "fmt"
            "os"

            "github.com/spf13/pflag"
            "k8s.io/apiserver/pkg/util/flag"
            "k8s.io/kubernetes/cmd/kube-controller-manager/app"
            "k8s.io/kubernetes/cmd/kube-controller-manager/app/options"
        )

        func main() {
            s := options.NewCMServer()
            s.AddFlags(pflag.CommandLine, app.KnownControllers(), app.ControllersDisabledByDefault.List())
            flag.InitFlags()
            if err := app.Run(s); err != nil {
                fmt.Fprintf(os.Stderr, "%v\\n", err)
                os.Exit(1)
            }
        }
    """,
    "cmd/kube-controller-manager/app/options/options.go": """
        package options

        import (
            "fmt"
            "strings"

            "github.com/spf13/pflag"
        )

        type CMServer struct {
            Controllers       []string
            ConcurrentRCSyncs int32
        }

        func NewCMServer() *CMServer {
            return &CMServer{Controllers: []string{"*"}, ConcurrentRCSyncs: 5}
        }

        func (s *CMServer) AddFlags(fs *pflag.FlagSet, allControllers []string, disabledByDefaultControllers []string) {
            fs.StringSliceVar(&s.Controllers, "controllers", s.Controllers, fmt.Sprintf("All controllers: %s\\nDisabled-by-default controllers: %s",
                strings.Join(allControllers, ", "), strings.Join(disabledByDefaultControllers, ", ")))
            fs.Int32Var(&s.ConcurrentRCSyncs, "concurrent_rc_syncs", s.ConcurrentRCSyncs, "The number of replication controllers that are allowed to sync concurrently.")
        }
    """,
    "cmd/kube-controller-manager/app/controllermanager.go": """
        package app

        import (
            "k8s.io/apimachinery/pkg/util/sets"
            "k8s.io/kubernetes/cmd/kube-controller-manager/app/options"
        )

        type InitFunc func() (bool, error)

        func Run(s *options.CMServer) error {
            return StartControllers(NewControllerInitializers())
        }

        func KnownControllers() []string {
            ret := sets.StringKeySet(NewControllerInitializers())
            ret.Insert("serviceaccount-token")
            return ret.List()
        }

        var ControllersDisabledByDefault = sets.NewString(
            "tokencleaner",
        )

        func NewControllerInitializers() map[string]InitFunc {
            controllers := map[string]InitFunc{}
            controllers["endpoint"] = startEndpointController
            controllers["tokencleaner"] = startTokenCleanerController
            return controllers
        }

        func StartControllers(controllers map[string]InitFunc) error {
            for _, initFn := range controllers {
                initFn()
            }
            return nil
        }

        func startEndpointController() (bool, error)     { return true, nil }
        func startTokenCleanerController() (bool, error) { return true, nil }
    """,
}


def line_of(tree: dict[str, str], path: str, text: str) -> str:
    """`path:line` of the first line containing `text` in a fixture file, as write_tree writes it."""
    lines = textwrap.dedent(tree[path]).lstrip().splitlines()
    return f"{path}:{next(i for i, line in enumerate(lines, 1) if text in line)}"


def facts_of(tmp_path: Path, tree: dict[str, str], book: str):
    root = write_tree(tmp_path, tree)
    return extract_facts(root, build_index(root, "fixture", workers=1), load_book(book))


# ---------------------------------------------------------------- the books themselves


def test_three_books_load_in_the_cluster_order() -> None:
    assert book_names() == ("kube-apiserver", "kube-scheduler", "kube-controller-manager")
    for book in all_books():
        assert book.main.endswith(".main") and book.main_replica in book.replicas or not book.replicas
        assert book.trace.root == book.main and book.chapters == f"chapters/{book.name}"


def test_a_bad_book_file_names_itself_and_the_key(tmp_path: Path) -> None:
    data = json.loads((Path(__file__).parents[1] / "reader/books/kube-scheduler.json").read_text())
    del data["hand_over"]
    with pytest.raises(UsageError, match=r"^books/x\.json: missing key 'hand_over'$"):
        parse_book(data, "books/x.json")
    data["hand_over"], data["flag_set"] = "x", "argparse"
    with pytest.raises(UsageError, match=r"^books/x\.json: 'argparse' is not a valid FlagSetKind$"):
        parse_book(data, "books/x.json")
    with pytest.raises(UsageError, match="no book 'kubelet'; books: kube-apiserver, kube-scheduler, kube-controller-manager"):
        load_book("kubelet")


# ---------------------------------------------------------------- a cobra command with scheme defaulting


@pytest.fixture(scope="module")
def scheduler_facts(tmp_path_factory: pytest.TempPathFactory):
    return facts_of(tmp_path_factory.mktemp("scheduler"), SCHEDULER_TREE, "kube-scheduler")


def test_cobra_main_hands_over_at_execute(scheduler_facts) -> None:
    assert scheduler_facts.hand_over == line_of(SCHEDULER_TREE, "plugin/cmd/kube-scheduler/scheduler.go", "command.Execute()")
    assert scheduler_facts.book == "kube-scheduler" and scheduler_facts.options_type == "Options"


def test_cobra_flags_are_the_commands_with_help_and_the_command_line_merged(scheduler_facts) -> None:
    flags = {f.name: f for f in scheduler_facts.flags}
    assert sorted(flags) == ["config", "help", "leader-elect", "log-dir", "port", "scheduler-name"]
    assert (flags["help"].shorthand, flags["help"].usage, flags["help"].default) == ("h", "help for kube-scheduler", "false")
    assert flags["log-dir"].global_ and not flags["port"].global_


def test_scheme_defaulting_reaches_the_flags_defaults(scheduler_facts) -> None:
    """ApplyDefaults converts to v1alpha1, runs the registered defaulter, converts back: the flags
    registered afterwards print the defaulted values."""
    flags = {f.name: f for f in scheduler_facts.flags}
    assert (flags["port"].default, flags["scheduler-name"].default, flags["leader-elect"].default) == ("10251", "default-scheduler", "true")


def test_defaults_name_where_each_value_is_written(scheduler_facts) -> None:
    """Through two conversions, the origin of each value is the literal: a constant's declaration,
    the defaulter's line, the line of NewOptions that sets LeaderElect."""
    rows = {d.path: d for d in scheduler_facts.defaults}
    at = {
        "config.SchedulerName": line_of(SCHEDULER_TREE, "pkg/apis/componentconfig/v1alpha1/types.go", "const DefaultName"),
        "config.Port": line_of(SCHEDULER_TREE, "pkg/apis/componentconfig/v1alpha1/defaults.go", "obj.Port = 10251"),
        "config.LeaderElect": line_of(SCHEDULER_TREE, "plugin/cmd/kube-scheduler/app/server.go", "o.config.LeaderElect = true"),
    }
    assert {path: (rows[path].value, rows[path].set_at) for path in at} == {
        "config.SchedulerName": ('"default-scheduler"', at["config.SchedulerName"]),
        "config.Port": ("10251", at["config.Port"]),
        "config.LeaderElect": ("true", at["config.LeaderElect"]),
    }
    assert rows["ConfigFile"].set_at == ""  # never written: a zero value
    # unexported state no flag writes (the scheme, a plain string) is not an option; `config` holds options
    assert "master" not in rows and "scheme" not in rows and rows["config"].value == "{…}"


# ---------------------------------------------------------------- AddFlags with extra arguments, a controller table


@pytest.fixture(scope="module")
def controller_manager_facts(tmp_path_factory: pytest.TempPathFactory):
    return facts_of(tmp_path_factory.mktemp("cm"), CONTROLLER_MANAGER_TREE, "kube-controller-manager")


def test_add_flags_gets_the_known_controllers(controller_manager_facts) -> None:
    controllers = next(f for f in controller_manager_facts.flags if f.name == "controllers")
    # StringKeySet (reflect) + the special one, sorted by List (sort.Sort)
    assert controllers.usage == "All controllers: endpoint, serviceaccount-token, tokencleaner\nDisabled-by-default controllers: tokencleaner"
    assert controllers.default == "[*]"


def test_set_normalize_func_renames_flags_registered_before_it(controller_manager_facts) -> None:
    assert [f.name for f in controller_manager_facts.flags] == ["concurrent-rc-syncs", "controllers"]


def test_the_controller_table_is_a_fact(controller_manager_facts) -> None:
    table = [(c.name, c.init_function.rsplit(".", 1)[-1], c.source, c.enabled_by_default) for c in controller_manager_facts.controllers]
    app = "cmd/kube-controller-manager/app/controllermanager.go"
    assert table == [
        ("endpoint", "startEndpointController", line_of(CONTROLLER_MANAGER_TREE, app, 'controllers["endpoint"]'), True),
        ("tokencleaner", "startTokenCleanerController", line_of(CONTROLLER_MANAGER_TREE, app, 'controllers["tokencleaner"]'), False),
    ]
    main_file = "cmd/kube-controller-manager/controller-manager.go"
    assert controller_manager_facts.hand_over == line_of(CONTROLLER_MANAGER_TREE, main_file, "app.Run(s)")


def test_trace_follows_the_books_scope(tmp_path: Path) -> None:
    root = write_tree(tmp_path, CONTROLLER_MANAGER_TREE)
    index = build_index(root, "fixture", workers=1)
    book = load_book("kube-controller-manager")
    node = trace(index, book.trace)
    expanded = {n.symbol for n in node.walk() if n.kind == "expanded"}
    assert "k8s.io/kubernetes/cmd/kube-controller-manager/app.StartControllers" in expanded
    pipeline = Pipeline(root, index)
    assert pipeline.facts("kube-controller-manager") is pipeline.facts("kube-controller-manager")  # made once


# ---------------------------------------------------------------- the CLI, per book


@pytest.fixture
def fixture_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.conftest import make_repo

    tree = write_tree(tmp_path / "tree", {**SCHEDULER_TREE, **CONTROLLER_MANAGER_TREE})
    repo = make_repo(tree, tmp_path / "repo")
    monkeypatch.setenv("K8S_READER_CACHE", str(tmp_path / "cache"))
    return repo


def test_cli_flags_defaults_steps_and_trace_per_book(fixture_source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = ["--source", str(fixture_source), "--jobs", "1"]
    assert main(["flags", "--book", "kube-scheduler", *source]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[:3] == ["flag", "type", "default"] and len(out) == 7
    assert main(["defaults", "--book", "kube-controller-manager", *source]) == 0
    options_file = "cmd/kube-controller-manager/app/options/options.go"
    assert f"ConcurrentRCSyncs\tint32\t5\t{line_of(CONTROLLER_MANAGER_TREE, options_file, 'ConcurrentRCSyncs: 5')}" in capsys.readouterr().out
    assert main(["steps", "--book", "kube-controller-manager", *source]) == 0
    assert "s := options.NewCMServer()" in capsys.readouterr().out
    assert main(["trace", "--book", "kube-scheduler", "--depth", "1", *source]) == 0
    assert capsys.readouterr().out.startswith("k8s.io/kubernetes/plugin/cmd/kube-scheduler.main")
    assert main(["books"]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == list(book_names())


def test_cli_rejects_an_unknown_book(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["flags", "--book", "kubelet"])
    assert exited.value.code == 2 and "invalid choice: 'kubelet'" in capsys.readouterr().err


# ---------------------------------------------------------------- each book's facts against its real binary


HELP_LINE = re.compile(r"^\s+(?:-(?P<short>\w), )?--(?P<name>[\w-]+)(?: (?P<type>\S+))?\s{2,}(?P<rest>.*)$")


@pytest.mark.realtree
@pytest.mark.parametrize("book", book_names())
def test_facts_flags_are_what_the_real_binary_lists(book: str, real_lab, real_index) -> None:
    """The real v1.9.9 binary's --help (pflag's or cobra's) against the facts: the same flags (every
    flag --help lists, and every flag the facts do not mark hidden or deprecated), each with its
    shorthand, the default --help prints and its usage's first line."""
    import subprocess

    build, _ = real_lab
    root, index = real_index
    facts = extract_facts(root, index, load_book(book))
    run = subprocess.run([str(build.binary(book)), "--help"], capture_output=True, text=True, timeout=60)
    text = run.stdout + run.stderr
    listed: dict[str, re.Match] = {}
    blocks: dict[str, str] = {}  # a flag's lines: a multi-line usage puts the default on its last
    for line in text.splitlines():
        match = HELP_LINE.match(line)
        if match:
            listed[match["name"]] = match
            blocks[match["name"]] = match["rest"]
        elif listed and line.strip():
            blocks[next(reversed(listed))] += "\n" + line.strip()
    visible = {f.name: f for f in facts.flags if not f.hidden}
    # cobra (vendored at v1.9.9) builds the usage's flag list before initHelpFlag adds --help: the
    # binary takes -h/--help but does not list it
    unlisted = {"help"} if load_book(book).flag_set.value == "cobra" else set()
    assert sorted(set(visible) - set(listed) - unlisted) == [] and sorted(set(listed) - set(visible)) == []
    for name, line in listed.items():
        fact = visible[name]
        shown = re.search(r" \(default (.*)\)$", blocks[name])
        expected = fact.help_default.removeprefix(" (default ").removesuffix(")") if fact.help_default else None
        if name == "cloud-provider-gce-lb-src-cidrs":  # printed from a Go map: the order changes from run to run
            assert sorted(shown.group(1).split(",")) == sorted(expected.split(",")), name
        else:
            assert (shown.group(1) if shown else None) == expected, name
        assert (line["short"] or "") == fact.shorthand, name
        assert (fact.usage or "").splitlines()[0].split("`")[0] in text, name
    measured = {"kube-scheduler": 33, "kube-controller-manager": 88}  # the count of --help's flag lines
    assert book not in measured or len(listed) == measured[book]


@pytest.mark.realtree
@pytest.mark.parametrize("book", book_names())
def test_every_books_replicas_match_its_v1_9_9_facts(book: str, real_index) -> None:
    """What the replica pages report for each book: every check compared something, none differs."""
    root, index = real_index
    checks = Pipeline(root, index).book(book).checks
    assert checks and all(c.compared for c in checks)
    assert {c.what: c.differences for c in checks if c.differences} == {}

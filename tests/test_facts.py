"""Facts stage: flags, defaults and steps read by running fixture code shaped like kube-apiserver.

The expected values are what Go and pflag produce for these fixtures (worked out by hand
from the language and pflag's documented behaviour), never read back from the extractor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.facts import extract_facts, report
from reader.facts.externals import format_float, sprintf
from reader.facts.flags import csv_field
from reader.facts.values import go_duration
from reader.index import build_index
from tests.conftest import write_tree

PFLAG_STUB = """
    package pflag

    type Value interface {
        String() string
        Set(string) error
        Type() string
    }

    type Flag struct {
        Name        string
        NoOptDefVal string
    }

    type FlagSet struct{}

    var CommandLine = &FlagSet{}

    func (f *FlagSet) StringVar(p *string, name string, value string, usage string)               {}
    func (f *FlagSet) StringVarP(p *string, name, shorthand string, value string, usage string)   {}
    func (f *FlagSet) IntVar(p *int, name string, value int, usage string)                        {}
    func (f *FlagSet) BoolVar(p *bool, name string, value bool, usage string)                     {}
    func (f *FlagSet) Float64Var(p *float64, name string, value float64, usage string)            {}
    func (f *FlagSet) StringSliceVar(p *[]string, name string, value []string, usage string)      {}
    func (f *FlagSet) Var(value Value, name string, usage string)                                 {}
    func (f *FlagSet) MarkDeprecated(name string, usageMessage string) error                      { return nil }
    func (f *FlagSet) MarkHidden(name string) error                                               { return nil }
    func (f *FlagSet) Lookup(name string) *Flag                                                   { return nil }
    func (f *FlagSet) SetNormalizeFunc(n func(f *FlagSet, name string) string)                    {}
    func (f *FlagSet) AddGoFlagSet(newSet interface{})                                            {}
    func String(name string, value string, usage string) *string                                  { return nil }
    func Var(value Value, name string, usage string)                                              {}
    func Lookup(name string) *Flag                                                                { return nil }
"""

TREE = {
    "vendor/github.com/spf13/pflag/flag.go": PFLAG_STUB,
    "staging/src/k8s.io/apiserver/pkg/server/options/etcd.go": """
        package options

        import (
            "fmt"
            "os"
            "strings"
            "time"

            "github.com/spf13/pflag"
        )

        const DefaultPrefix = "/registry"

        type Backend string

        const (
            BackendEtcd2 Backend = "etcd2"
            BackendEtcd3 Backend = "etcd3"
        )

        type Backends []Backend

        var AllBackends = Backends{BackendEtcd2, BackendEtcd3}

        func (b Backends) Names() []string {
            names := make([]string, len(b))
            for i, one := range b {
                names[i] = string(one)
            }
            return names
        }

        type StorageConfig struct {
            Prefix     string
            ServerList []string
            Interval   time.Duration
        }

        type TLSConfig struct {
            CertFile string
        }

        type EtcdOptions struct {
            StorageConfig StorageConfig
            TLS           TLSConfig // left zero by the constructor: made when AddFlags takes &s.TLS.CertFile
            Backend       string
            Workers       int
            QPS           float64
            Host          string
        }

        func NewEtcdOptions(prefix string) *EtcdOptions {
            return &EtcdOptions{
                StorageConfig: StorageConfig{Prefix: prefix, Interval: 5 * time.Minute},
                Workers:       1,
                QPS:           0.5,
            }
        }

        func (s *EtcdOptions) AddFlags(fs *pflag.FlagSet) {
            fs.StringVar(&s.StorageConfig.Prefix, "etcd-prefix", s.StorageConfig.Prefix, "The prefix to prepend to all resource paths in etcd.")
            fs.StringSliceVar(&s.StorageConfig.ServerList, "etcd-servers", s.StorageConfig.ServerList, "List of etcd servers.")
            fs.StringVar(&s.Backend, "storage-backend", s.Backend, "One of "+strings.Join(AllBackends.Names(), ", ")+".")
            fs.IntVar(&s.Workers, "delete-workers", s.Workers, fmt.Sprintf("Workers (default %d per %s).", 1, "apiserver"))
            fs.Float64Var(&s.QPS, "etcd-qps", s.QPS, "Queries per second.")
            fs.StringVar(&s.TLS.CertFile, "etcd-certfile", s.TLS.CertFile, "SSL certification file.")
            fs.StringVar(&s.Host, "etcd-host", os.Getenv("ETCD_HOST"), "Defaults from the environment.")
            if os.Getenv("EXTRA") != "" {
                fs.StringVar(&s.Host, "etcd-extra", "", "Only sometimes.")
            }
        }
        """,
    "pkg/util/table/table.go": """
        package table

        import "sort"

        type Table map[string]int

        func (t Table) Keys() []string {
            var keys []string
            for k := range t {
                keys = append(keys, k)
            }
            sort.Strings(keys)
            return keys
        }
        """,
    "pkg/util/portrange/portrange.go": """
        package portrange

        import "fmt"

        type PortRange struct {
            Base int
            Size int
        }

        func (pr PortRange) String() string {
            if pr.Size == 0 {
                return ""
            }
            return fmt.Sprintf("%d-%d", pr.Base, pr.Base+pr.Size-1)
        }

        func (pr *PortRange) Set(value string) error { return nil }

        func (*PortRange) Type() string { return "portRange" }
        """,
    "cmd/kube-apiserver/app/options/options.go": """
        package options

        import (
            "strings"
            "time"

            "github.com/spf13/pflag"

            genericoptions "k8s.io/apiserver/pkg/server/options"
            "k8s.io/kubernetes/pkg/util/portrange"
            "k8s.io/kubernetes/pkg/util/table"
        )

        const podsKey = "pods"

        // A literal of another package's named map type, keyed by this package's constant.
        var cacheSizes = table.Table{podsKey: 100, "nodes": 5}

        type ServerRunOptions struct {
            Etcd           *genericoptions.EtcdOptions
            EventTTL       time.Duration
            SSHUser        string
            MasterCount    int
            PortRange      portrange.PortRange
            AdmissionNames []string
        }

        func NewServerRunOptions() *ServerRunOptions {
            s := ServerRunOptions{
                Etcd:        genericoptions.NewEtcdOptions(genericoptions.DefaultPrefix),
                EventTTL:    1 * time.Hour,
                MasterCount: 1,
                PortRange:   portrange.PortRange{Base: 30000, Size: 2768},
            }
            s.Etcd.StorageConfig.ServerList = append(s.Etcd.StorageConfig.ServerList, "http://127.0.0.1:2379")
            s.AdmissionNames = []string{"AlwaysAdmit"}
            return &s
        }

        func (s *ServerRunOptions) AddFlags(fs *pflag.FlagSet) {
            s.Etcd.AddFlags(fs)
            fs.DurationVar(&s.EventTTL, "event-ttl", s.EventTTL, "Amount of time to retain events.")
            fs.StringVar(&s.SSHUser, "ssh-user", s.SSHUser, "If non-empty, use secure SSH proxy.")
            fs.MarkDeprecated("ssh-user", "This flag will be removed in a future version.")
            fs.IntVar(&s.MasterCount, "apiserver-count", s.MasterCount, "The number of apiservers.")
            fs.MarkHidden("apiserver-count")
            fs.Var(&s.PortRange, "service-node-port-range", "A port range.")
            fs.StringSliceVar(&s.AdmissionNames, "admission-control", s.AdmissionNames, "Ordered list of plug-ins.")
            fs.StringVarP(&s.SSHUser, "user", "u", "admin", "Short and long.")
            fs.StringVar(&s.SSHUser, "cache-for", "", "One of: "+strings.Join(cacheSizes.Keys(), ", "))
        }
        """,
    "pkg/version/verflag/verflag.go": """
        package verflag

        import (
            flag "github.com/spf13/pflag"
        )

        type versionValue int

        func (v *versionValue) String() string {
            if *v == 1 {
                return "true"
            }
            return "false"
        }

        func (v *versionValue) Set(s string) error { return nil }

        func (v *versionValue) Type() string { return "version" }

        func Version(name string, usage string) *versionValue {
            p := new(versionValue)
            flag.Var(p, name, usage)
            flag.Lookup(name).NoOptDefVal = "true"
            return p
        }

        var versionFlag = Version("version", "Print version information and quit")

        func PrintAndExitIfRequested() {}
        """,
    "vendor/github.com/golang/glog/glog.go": """
        package glog

        import "flag"

        var logtostderr bool

        func init() {
            flag.BoolVar(&logtostderr, "log_to_stderr", false, "log to standard error")
        }
        """,
    "staging/src/k8s.io/apiserver/pkg/util/flag/flags.go": """
        package flag

        import (
            goflag "flag"

            "github.com/golang/glog"
            "github.com/spf13/pflag"
        )

        var _ = glog.Info

        func WordSepNormalizeFunc(f *pflag.FlagSet, name string) string { return name }

        func InitFlags() {
            pflag.CommandLine.SetNormalizeFunc(WordSepNormalizeFunc)
            pflag.CommandLine.AddGoFlagSet(goflag.CommandLine)
        }
        """,
    "pkg/master/master.go": """
        package master

        type GroupVersion struct {
            Group   string
            Version string
        }

        type GroupVersionConfig struct{ Enable bool }

        type ResourceConfig struct {
            GroupVersionResourceConfigs map[GroupVersion]*GroupVersionConfig
        }

        func (o *ResourceConfig) EnableVersions(versions ...GroupVersion) {
            for _, v := range versions {
                o.GroupVersionResourceConfigs[v] = &GroupVersionConfig{Enable: true}
            }
        }

        func (o *ResourceConfig) DisableVersions(versions ...GroupVersion) {
            for _, v := range versions {
                o.GroupVersionResourceConfigs[v] = &GroupVersionConfig{}
            }
        }

        var coreV1 = GroupVersion{Version: "v1"}

        func DefaultAPIResourceConfigSource() *ResourceConfig {
            ret := &ResourceConfig{GroupVersionResourceConfigs: map[GroupVersion]*GroupVersionConfig{}}
            ret.EnableVersions(coreV1, GroupVersion{Group: "apps", Version: "v1"})
            ret.DisableVersions(GroupVersion{Group: "batch", Version: "v2alpha1"})
            return ret
        }
        """,
    "cmd/kube-apiserver/apiserver.go": """
        package main

        import (
            "github.com/spf13/pflag"

            "k8s.io/apiserver/pkg/util/flag"
            "k8s.io/kubernetes/cmd/kube-apiserver/app/options"
            "k8s.io/kubernetes/pkg/version/verflag"
        )

        func main() {
            s := options.NewServerRunOptions()
            s.AddFlags(pflag.CommandLine)

            flag.InitFlags()
            verflag.PrintAndExitIfRequested()
        }
        """,
}
TREE["vendor/github.com/spf13/pflag/flag.go"] += """
    func (f *FlagSet) DurationVar(p *int64, name string, value int64, usage string) {}
"""
TREE["vendor/github.com/golang/glog/glog.go"] += """
    func Info(args ...interface{}) {}
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory):
    root = write_tree(tmp_path_factory.mktemp("facts"), TREE)
    index = build_index(root, "fixture", workers=1)
    return extract_facts(root, index)


def line_of(path: str, text: str) -> int:
    """1-based line of `text` in a fixture file, as write_tree writes it."""
    import textwrap

    lines = textwrap.dedent(TREE[path]).lstrip().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


ETCD = "staging/src/k8s.io/apiserver/pkg/server/options/etcd.go"
OPTIONS = "cmd/kube-apiserver/app/options/options.go"
MAIN = "cmd/kube-apiserver/apiserver.go"


def flag(facts, name: str):
    return next(f for f in facts.flags if f.name == name)


@pytest.mark.parametrize(
    ("name", "kind", "default", "help_default"),
    [
        ("etcd-prefix", "string", "/registry", ' (default "/registry")'),  # a constant from another package
        ("etcd-servers", "stringSlice", "[http://127.0.0.1:2379]", " (default [http://127.0.0.1:2379])"),  # set after the literal
        ("storage-backend", "string", "", ""),
        ("delete-workers", "int", "1", " (default 1)"),
        ("etcd-qps", "float64", "0.5", " (default 0.5)"),
        ("event-ttl", "duration", "1h0m0s", " (default 1h0m0s)"),
        ("apiserver-count", "int", "1", " (default 1)"),
        ("service-node-port-range", "portRange", "30000-32767", " (default 30000-32767)"),  # Type() and String() of a Var
        ("admission-control", "stringSlice", "[AlwaysAdmit]", " (default [AlwaysAdmit])"),
        ("user", "string", "admin", ' (default "admin")'),
    ],
)
def test_flag_types_and_defaults(facts, name: str, kind: str, default: str, help_default: str) -> None:
    f = flag(facts, name)
    assert (f.type, f.default, f.help_default) == (kind, default, help_default)
    assert not f.global_


def test_usage_is_evaluated(facts) -> None:
    assert flag(facts, "storage-backend").usage == "One of etcd2, etcd3."
    assert flag(facts, "cache-for").usage == "One of: nodes, pods"  # keys evaluated where the literal is written
    assert flag(facts, "delete-workers").usage == "Workers (default 1 per apiserver)."


def test_deprecated_hidden_and_shorthand(facts) -> None:
    ssh = flag(facts, "ssh-user")
    assert ssh.deprecated == "This flag will be removed in a future version." and ssh.hidden
    assert flag(facts, "apiserver-count").hidden and not flag(facts, "apiserver-count").deprecated
    assert flag(facts, "user").shorthand == "u"


def test_sources_and_fields(facts) -> None:
    prefix = flag(facts, "etcd-prefix")
    assert prefix.source == ETCD + ":" + str(line_of(ETCD, '"etcd-prefix"'))
    assert prefix.options_field == "Etcd.StorageConfig.Prefix"
    assert prefix.default_written == "s.StorageConfig.Prefix"
    assert flag(facts, "service-node-port-range").options_field == "PortRange"
    assert flag(facts, "etcd-certfile").options_field == "Etcd.TLS.CertFile"  # a struct the constructor left zero


def test_unevaluable_default_is_said_not_guessed(facts) -> None:
    host = flag(facts, "etcd-host")
    assert host.default is None and "ETCD_HOST" in host.unevaluated


def test_unreached_registration_is_listed(facts) -> None:
    (missed,) = facts.unevaluated
    assert missed.source == ETCD + ":" + str(line_of(ETCD, '"etcd-extra"'))
    assert missed.callee == "github.com/spf13/pflag.(*FlagSet).StringVar"
    assert "etcd-extra" not in {f.name for f in facts.flags}


def test_global_flags(facts) -> None:
    version = flag(facts, "version")
    assert (version.global_, version.type, version.default, version.no_opt_default) == (True, "version", "false", "true")
    go = flag(facts, "log-to-stderr")  # Go flag, name normalised by InitFlags
    assert (go.global_, go.type, go.default, go.no_opt_default) == (True, "bool", "false", "true")


def test_bool_flags_take_no_value(facts) -> None:
    """BoolVar sets NoOptDefVal = "true": `--flag` alone means true; other kinds need a value."""
    kinds = {f.type: f.no_opt_default for f in facts.flags if f.type in ("bool", "string")}
    assert kinds == {"bool": "true", "string": ""}


def test_defaults_tree(facts) -> None:
    rows = {d.path: d for d in facts.defaults}
    assert rows["Etcd.StorageConfig.Prefix"].value == '"/registry"'
    assert rows["Etcd.StorageConfig.Prefix"].set_at == f"{ETCD}:{line_of(ETCD, 'StorageConfig: StorageConfig{Prefix: prefix')}"
    assert rows["Etcd.StorageConfig.Interval"].value == "5m0s"
    assert rows["EventTTL"].value == "1h0m0s"
    assert rows["SSHUser"].value == '""' and rows["SSHUser"].set_at == ""
    assert rows["Etcd.StorageConfig.ServerList"].set_at == f"{OPTIONS}:{line_of(OPTIONS, 's.Etcd.StorageConfig.ServerList = append')}"
    assert rows["Etcd"].type == "*genericoptions.EtcdOptions"


def test_api_versions_enabled_by_default(facts) -> None:
    assert facts.api_versions == ("v1", "apps/v1")  # batch/v2alpha1 is disabled


def test_steps_of_main(facts) -> None:
    steps = [s for s in facts.steps if s.function.endswith("kube-apiserver.main")]
    expected = [("assign", "s := options"), ("call", "s.AddFlags"), ("call", "flag.InitFlags"), ("call", "verflag.Print")]
    assert [(s.kind, s.line) for s in steps] == [(kind, line_of(MAIN, text)) for kind, text in expected]
    assert steps[0].assigns == ("s",) and steps[0].calls == ("k8s.io/kubernetes/cmd/kube-apiserver/app/options.NewServerRunOptions",)


def test_flag_tables(facts) -> None:
    tsv = report.flags(facts, "tsv").splitlines()
    assert tsv[0] == "flag\ttype\tdefault\tusage\tdeprecated\thidden\tsource"
    assert tsv[-1].startswith("unevaluated\t") and tsv[-1].endswith("etcd.go:" + str(line_of(ETCD, '"etcd-extra"')))
    assert "| --etcd-prefix | string | /registry |" in report.flags(facts, "md")


@pytest.mark.parametrize(("ns", "text"), [(0, "0s"), (5 * 10**9, "5s"), (90 * 10**9, "1m30s"), (3600 * 10**9, "1h0m0s"), (1500 * 10**6, "1.5s"), (2 * 10**6, "2ms")])
def test_go_duration(ns: int, text: str) -> None:
    assert go_duration(ns) == text


def test_go_formatting() -> None:
    assert format_float(0.5) == "0.5" and format_float(10.0) == "10" and format_float(1e21) == "1e+21"
    assert sprintf("%s=%d %q %v", ["a", 3, "b", True]) == 'a=3 "b" true'
    assert csv_field("a,b") == '"a,b"' and csv_field("plain") == "plain"


@pytest.mark.realtree
def test_real_flags(real_facts) -> None:
    flags = {f.name: f for f in real_facts.flags}
    assert len(flags) > 100
    assert flags["etcd-prefix"].default == "/registry"
    assert flags["secure-port"].default == "6443"
    assert flags["insecure-port"].default == "8080"
    assert flags["admission-control"].default == "[AlwaysAdmit]"
    assert flags["ssh-user"].deprecated and flags["ssh-user"].hidden
    assert flags["version"].global_ and flags["log-dir"].global_
    assert real_facts.unevaluated == ()
    assert not [d.path for d in real_facts.defaults if "object at" in d.value or "0x7f" in d.value]  # stable text only
    versions = flags["storage-versions"].default.split(",")  # from the API groups the install packages register
    assert "v1" in versions and any(v.startswith("apps/") for v in versions) and versions == sorted(versions)
    # make([]string, len(t)) then names[i] = …: reconcilers.AllTypes.Names()
    assert flags["endpoint-reconciler-type"].usage == "Use an endpoint reconciler (master-count, lease, none)"
    assert flags["allow-privileged"].no_opt_default == "true"
    assert flags["logtostderr"].default == "true"  # k8s.io/apiserver/pkg/util/logs' init: flag.Set("logtostderr", "true")
    assert flags["alsologtostderr"].default == "false"
    assert real_facts.api_versions[:2] == ("v1", "extensions/v1beta1") and "apps/v1" in real_facts.api_versions
    fields = {f.name: f.options_field for f in real_facts.flags}
    assert fields["tls-cert-file"] == "SecureServing.ServerCert.CertKey.CertFile"  # zero until AddFlags took its address
    assert fields["kubelet-client-certificate"] == "KubeletConfig.TLSClientConfig.CertFile"  # promoted from an embedded struct
    assert fields["tls-sni-cert-key"] == "SecureServing.SNICertKeys"  # through NewNamedCertKeyArray(&s.SNICertKeys)


def test_flag_set_before_pflag_wraps_go_flags_changes_the_default(tmp_path: Path) -> None:
    """k8s.io/apiserver/pkg/util/logs' init runs flag.Set("logtostderr", "true") before InitFlags
    hands Go's flags to pflag, so kube-apiserver's --logtostderr defaults to true."""
    tree = dict(TREE)
    tree["vendor/github.com/golang/glog/glog.go"] = TREE["vendor/github.com/golang/glog/glog.go"].replace(
        'flag.BoolVar(&logtostderr, "log_to_stderr", false, "log to standard error")',
        'flag.BoolVar(&logtostderr, "log_to_stderr", false, "log to standard error")\n'
        '            flag.BoolVar(&alsoStderr, "also_stderr", false, "also")\n'
        '            flag.BoolVar(&untouched, "untouched", false, "left alone")',
    ).replace("var logtostderr bool", "var logtostderr, alsoStderr, untouched bool")
    tree["staging/src/k8s.io/apiserver/pkg/util/logs/logs.go"] = """
        package logs

        import (
            "flag"

            "github.com/golang/glog"
        )

        var _ = glog.Info

        func init() {
            flag.Set("also_stderr", "true")
            flag.Set("no_such_flag", "true")
        }
        """
    tree[MAIN] = TREE[MAIN].replace('"k8s.io/apiserver/pkg/util/flag"', '"k8s.io/apiserver/pkg/util/flag"\n            _ "k8s.io/apiserver/pkg/util/logs"')
    from reader.facts import extract_facts
    from reader.index import build_index

    root = write_tree(tmp_path / "tree", tree)
    facts = extract_facts(root, build_index(root, "fixture", workers=1))
    assert flag(facts, "also-stderr").default == "true"
    assert flag(facts, "untouched").default == "false"
    assert any("flag.Set('no_such_flag', 'true') not interpreted" in note for note in facts.notes), facts.notes

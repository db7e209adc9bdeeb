"""Flag values every v1.9.9 control-plane binary links: the feature gate, verflag's --version,
glog's flag values, the GCE provider's CIDR set, and strconv.Atoi's error text; the package-level
registrations they share, InitFlags, and where glog sends a line.

Mirrors, at Kubernetes v1.9.9:
  staging/src/k8s.io/apiserver/pkg/util/feature/feature_gate.go   (*featureGate).AddFlag, Set, String
  pkg/version/verflag/verflag.go                                 versionValue, its init
  vendor/github.com/golang/glog/glog.go                          Level, severity, moduleSpec, traceLocation,
                                                                 its init (the seven flags), output's stderr choice
  staging/src/k8s.io/apiserver/pkg/util/logs/logs.go             --log-flush-frequency, its init
  staging/src/k8s.io/apiserver/pkg/util/flag/flags.go            InitFlags
  pkg/client/leaderelectionconfig/config.go                      BindFlags (kube-scheduler's and kube-controller-manager's)
  pkg/cloudprovider/providers/gce/gce_loadbalancer.go            cidrs, its init

Which gates a binary knows depends on the packages it links, so FeatureGate takes the known gates.
"""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import dataclass, field

from reader.replicas import version as release
from reader.replicas.pflag import Duration, FlagSet, GoFlagSet, Pointer, Value, parse_bool


def atoi(text: str) -> int:
    """strconv.Atoi: decimal with an optional sign, with Go's error text."""
    if not (text[1:] if text[:1] in "+-" else text).isdigit():
        raise ValueError(f'strconv.Atoi: parsing "{text}": invalid syntax')
    return int(text)


def word_sep_normalize(name: str) -> str:
    """apiserver's utilflag.WordSepNormalizeFunc: `--log_dir` is `--log-dir`."""
    return name.replace("_", "-")


# Python function → the Go function it follows.
MIRRORS = {
    "FeatureGate.add_flag": "k8s.io/apiserver/pkg/util/feature.(*featureGate).AddFlag",
    "FeatureGate.set": "k8s.io/apiserver/pkg/util/feature.(*featureGate).Set",
    "init_flags": "k8s.io/apiserver/pkg/util/flag.InitFlags",
    "print_version_if_requested": "k8s.io/kubernetes/pkg/version/verflag.PrintAndExitIfRequested",
    "word_sep_normalize": "k8s.io/apiserver/pkg/util/flag.WordSepNormalizeFunc",
    "bind_leader_election_flags": "k8s.io/kubernetes/pkg/client/leaderelectionconfig.BindFlags",
}


@dataclass
class FeatureGate(Value):
    """utilfeature.DefaultFeatureGate: --feature-gates=Name=true,Other=false."""

    known: dict[str, tuple[bool, str]]
    enabled: dict[str, bool] = field(default_factory=dict)
    type_name = "mapStringBool"

    def string(self) -> str:
        return ",".join(sorted(f"{k}={'true' if v else 'false'}" for k, v in self.enabled.items()))

    def set(self, text: str) -> None:
        enabled = dict(self.enabled)
        for item in text.split(","):
            if not item:
                continue
            key, has_value, raw = item.partition("=")
            key = key.strip()
            if key not in self.known:
                raise ValueError(f"unrecognized key: {key}")
            if not has_value:
                raise ValueError(f"missing bool value for {key}")
            try:
                enabled[key] = parse_bool(raw.strip())
            except ValueError as exc:
                raise ValueError(f"invalid value of {key}: {raw.strip()}, err: {exc}") from None
            if key == "AllAlpha":  # setUnsetAlphaGates: alpha gates not set explicitly follow AllAlpha
                for name, (_, stage) in self.known.items():
                    if stage == "ALPHA":
                        enabled.setdefault(name, enabled[key])
        self.enabled = enabled
        # glog.Infof("feature gates: %v", …) on stderr; go1.9.3's fmt printed a map in hash order,
        # today's Go (the lab's) sorts the keys, and so does the replica
        print("feature gates: map[" + " ".join(f"{k}:{'true' if v else 'false'}" for k, v in sorted(enabled.items())) + "]", file=sys.stderr)

    def enabled_feature(self, name: str) -> bool:
        return self.enabled.get(name, self.known[name][0])

    def known_features(self) -> list[str]:
        """KnownFeatures: "Name=true|false (STAGE - default=x)", sorted."""
        return sorted(f"{k}=true|false ({stage + ' - ' if stage else ''}default={'true' if d else 'false'})" for k, (d, stage) in self.known.items())

    def add_flag(self, fs: FlagSet) -> None:
        fs.var(self, "feature-gates", "A set of key=value pairs that describe feature gates for alpha/experimental features. "
               "Options are:\n" + "\n".join(self.known_features()))  # fmt: skip


@dataclass
class VersionValue(Value):
    """verflag's versionValue: false, true, or "raw"."""

    value: str = "false"
    type_name = "version"

    def string(self) -> str:
        return self.value

    def set(self, text: str) -> None:
        if text == "raw":
            self.value = "raw"
            return
        self.value = "true" if parse_bool(text) else "false"


@dataclass
class GlogValue(Value):
    """glog's Level ("v"), severity ("stderrthreshold"), moduleSpec ("vmodule") and traceLocation
    ("log_backtrace_at"): each keeps its text as glog prints it back."""

    type_name: str
    value: str

    def string(self) -> str:
        return self.value

    def set(self, text: str) -> None:
        if self.type_name == "Level":
            self.value = str(atoi(text))
        elif self.type_name == "severity":
            names = ["INFO", "WARNING", "ERROR", "FATAL"]
            self.value = str(names.index(text.upper())) if text.upper() in names else str(atoi(text))
        elif self.type_name == "moduleSpec":
            self.value = ",".join(_module_patterns(text))
        else:  # traceLocation: file.go:N
            file, colon, line = text.partition(":")
            if not colon or ":" in line or "." not in file or not line.lstrip("+-").isdigit():
                raise ValueError("syntax error: expect file.go:234")
            self.value = f"{file}:{int(line)}"


def _module_patterns(text: str) -> list[str]:
    patterns = []
    for pattern in filter(None, text.split(",")):
        parts = pattern.split("=")
        if len(parts) != 2 or not parts[0] or not parts[1] or not parts[1].lstrip("+-").isdigit():
            raise ValueError("syntax error: expect comma-separated list of filename=N")
        if int(parts[1]) < 0:
            raise ValueError("negative value for vmodule level")
        if int(parts[1]):  # glog drops pattern=0
            patterns.append(f"{parts[0]}={int(parts[1])}")
    return patterns


@dataclass
class CIDRs(Value):
    """The GCE provider's cidrs: a set of networks, settable once.  Go keeps them in a map, so the
    Go binary prints them in a different order from run to run; this keeps them as given."""

    value: list[str]
    is_set: bool = False
    type_name = "cidrs"

    def string(self) -> str:
        return ",".join(self.value)

    def set(self, text: str) -> None:
        if self.is_set:
            raise ValueError("GCE LB CIDRs have already been set")
        self.is_set = True
        networks = []
        for cidr in text.split(","):
            try:
                networks.append(str(ipaddress.ip_network(cidr, strict=False)))
            except ValueError:
                raise ValueError(f"invalid CIDR address: {cidr}") from None
        self.value = list(dict.fromkeys(networks))


# ---------------------------------------------------------------- package-level registrations every binary shares

# The gates of apiserver's util/feature, apiextensions' and pkg/features, plus the gate's built-in
# AllAlpha: what kube-apiserver and kube-controller-manager both link.  name: (default, pre-release)
FEATURE_GATES = {
    "AllAlpha": (False, "ALPHA"),
    "StreamingProxyRedirects": (True, "BETA"), "AdvancedAuditing": (True, "BETA"),
    "APIResponseCompression": (False, "ALPHA"), "Initializers": (False, "ALPHA"), "APIListChunking": (True, "BETA"),
    "CustomResourceValidation": (True, "BETA"),
    "AllowExtTrafficLocalEndpoints": (True, ""), "AppArmor": (True, "BETA"), "DynamicKubeletConfig": (False, "ALPHA"),
    "KubeletConfigFile": (False, "ALPHA"), "ExperimentalHostUserNamespaceDefaulting": (False, "BETA"),
    "ExperimentalCriticalPodAnnotation": (False, "ALPHA"), "Accelerators": (False, "ALPHA"),
    "DevicePlugins": (False, "ALPHA"), "TaintBasedEvictions": (False, "ALPHA"),
    "RotateKubeletServerCertificate": (False, "ALPHA"), "RotateKubeletClientCertificate": (True, "BETA"),
    "PersistentLocalVolumes": (False, "ALPHA"), "LocalStorageCapacityIsolation": (False, "ALPHA"),
    "HugePages": (False, "ALPHA"), "DebugContainers": (False, "ALPHA"), "PodPriority": (False, "ALPHA"),
    "EnableEquivalenceClassCache": (False, "ALPHA"), "TaintNodesByCondition": (False, "ALPHA"),
    "MountPropagation": (False, "ALPHA"), "ExpandPersistentVolumes": (False, "ALPHA"), "CPUManager": (False, "ALPHA"),
    "ServiceNodeExclusion": (False, "ALPHA"), "MountContainers": (False, "ALPHA"), "VolumeScheduling": (False, "ALPHA"),
    "CSIPersistentVolume": (False, "ALPHA"), "CustomPodDNS": (False, "ALPHA"), "BlockVolume": (False, "ALPHA"),
    "PVCProtection": (False, "ALPHA"), "ResourceLimitsPriorityFunction": (False, "ALPHA"),
    "SupportIPVSProxyMode": (False, "BETA"), "VolumeSubpath": (True, ""),
    "ServiceProxyAllowExternalIPs": (False, "DEPRECATED"), "ReadOnlyAPIDataVolumes": (True, "DEPRECATED"),
}  # fmt: skip


def add_version_and_logging_flags(command_line: FlagSet, go_flags: GoFlagSet) -> VersionValue:
    """What verflag, apiserver's util/logs and glog register when their packages initialise; the
    --version value, which main reads after parsing."""
    # ---- pkg/version/verflag: VersionVar(…, "version", VersionFalse, …); Lookup("version").NoOptDefVal = "true"
    version = VersionValue()
    command_line.var(version, "version", "Print version information and quit").no_opt_default = "true"
    # ---- staging/src/k8s.io/apiserver/pkg/util/logs: pflag.Duration("log-flush-frequency", 5*time.Second, …)
    command_line.add("duration", "log-flush-frequency", Duration(5 * 10**9), "Maximum number of seconds between log flushes")
    # ---- glog's init
    go_flags.add("bool", "logtostderr", False, "log to standard error instead of files")
    go_flags.add("bool", "alsologtostderr", False, "log to standard error as well as files")
    go_flags.var(GlogValue("Level", "0"), "v", "log level for V logs")
    go_flags.var(GlogValue("severity", "2"), "stderrthreshold", "logs at or above this threshold go to stderr")  # ERROR
    go_flags.var(GlogValue("moduleSpec", ""), "vmodule", "comma-separated list of pattern=N settings for file-filtered logging")
    go_flags.var(GlogValue("traceLocation", ":0"), "log_backtrace_at", "when logging hits line file:N, emit a stack trace")
    go_flags.add("string", "log_dir", "", "If non-empty, write log files in this directory")
    # ---- staging/src/k8s.io/apiserver/pkg/util/logs' init: flag.Set("logtostderr", "true"), before
    # pflag wraps Go's flags, so --logtostderr's default reads true
    go_flags.set("logtostderr", "true")
    return version


def add_gce_lb_src_cidrs_flag(go_flags: GoFlagSet) -> None:
    """pkg/cloudprovider/providers/gce's init: the L7 load balancers' source ranges."""
    go_flags.var(CIDRs(["130.211.0.0/22", "35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"]),
                 "cloud-provider-gce-lb-src-cidrs", "CIDRs opened in GCE firewall for LB traffic proxy & health checks")  # fmt: skip


def init_flags(command_line: FlagSet, go_flags: GoFlagSet) -> None:
    """utilflag.InitFlags, before its pflag.Parse(): WordSepNormalizeFunc, then the Go flags join."""
    command_line.set_normalize_func(word_sep_normalize)
    command_line.add_go_flag_set(go_flags)


SEVERITIES = ("INFO", "WARNING", "ERROR", "FATAL")  # glog's severity numbers are their indexes


@dataclass(frozen=True)
class GlogOutput:
    """Which glog lines reach stderr, as the parsed glog flags decide: every line when
    --logtostderr or --alsologtostderr, else those at --stderrthreshold or above.  (glog would
    write the rest to files under --log-dir; a replica does not write log files.)  A line is the
    message alone: glog's prefix (severity, time, thread, file:line) is not replicated."""

    to_stderr: bool
    threshold: int
    verbosity: int

    @classmethod
    def from_flags(cls, command_line: FlagSet) -> GlogOutput:
        def text(name: str) -> str:  # after InitFlags, glog's flags are pflag's too
            return command_line.formal[name].value.string()

        to_stderr = text("logtostderr") == "true" or text("alsologtostderr") == "true"
        return cls(to_stderr, int(text("stderrthreshold")), int(text("v")))

    def v(self, level: int) -> bool:
        """glog.V(level): is verbose logging at this level on."""
        return self.verbosity >= level

    def log(self, severity: str, message: str) -> None:
        if self.to_stderr or SEVERITIES.index(severity) >= self.threshold:
            print(message, file=sys.stderr)


def print_version_if_requested(version: VersionValue) -> bool:
    """verflag.PrintAndExitIfRequested: --version=raw prints the Info struct Go-style, --version its
    git version; True means main exits 0 now."""
    if version.value == "raw":
        print(release.get().go_syntax())
        return True
    if version.value == "true":
        print(f"Kubernetes {release.get()}")
        return True
    return False


def print_parsed_flags(fs: FlagSet, argv: list[str]) -> int:
    """An add_flags replica's main: parse argv as the binary would, print each flag set (sorted), exit
    as pflag's ExitOnError does (2) on a bad command line or --help."""
    if not fs.parse_exit_on_error(argv):
        return 2
    changed = [f for f in fs.formal.values() if f.changed]
    for flag in sorted(changed, key=lambda f: f.name):
        print(f"--{flag.name}={flag.value.string()}")
    if not changed:
        print("no flags set; every option keeps its default (try --help)")
    return 0


def bind_leader_election_flags(
    fs: FlagSet, leader_elect: Pointer, lease_duration: Pointer, renew_deadline: Pointer, retry_period: Pointer, resource_lock: Pointer,
) -> None:  # fmt: skip
    """leaderelectionconfig.BindFlags, which kube-scheduler and kube-controller-manager both call
    on their LeaderElectionConfiguration: each flag writes where its Pointer points (the Go
    `&l.LeaseDuration.Duration`), and starts from what is there."""
    fs.add("bool", "leader-elect", leader_elect.get(), into=leader_elect, usage=""
           "Start a leader election client and gain leadership before "
           "executing the main loop. Enable this when running replicated "
           "components for high availability.")
    fs.add("duration", "leader-elect-lease-duration", lease_duration.get(), into=lease_duration, usage=""
           "The duration that non-leader candidates will wait after observing a leadership "
           "renewal until attempting to acquire leadership of a led but unrenewed leader "
           "slot. This is effectively the maximum duration that a leader can be stopped "
           "before it is replaced by another candidate. This is only applicable if leader "
           "election is enabled.")
    fs.add("duration", "leader-elect-renew-deadline", renew_deadline.get(), into=renew_deadline, usage=""
           "The interval between attempts by the acting master to renew a leadership slot "
           "before it stops leading. This must be less than or equal to the lease duration. "
           "This is only applicable if leader election is enabled.")
    fs.add("duration", "leader-elect-retry-period", retry_period.get(), into=retry_period, usage=""
           "The duration the clients should wait between attempting acquisition and renewal "
           "of a leadership. This is only applicable if leader election is enabled.")
    # the backquotes make pflag print `endpoints` as the value's name in --help (UnquoteUsage)
    fs.add("string", "leader-elect-resource-lock", resource_lock.get(), into=resource_lock, usage=""
           "The type of resource object that is used for locking during "
           "leader election. Supported options are `endpoints` (default) and `configmaps`.")

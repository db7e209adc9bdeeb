"""Flag values every v1.9.9 control-plane binary links: the feature gate, verflag's --version,
glog's flag values, the GCE provider's CIDR set, and strconv.Atoi's error text.

Mirrors, at Kubernetes v1.9.9:
  staging/src/k8s.io/apiserver/pkg/util/feature/feature_gate.go   (*featureGate).AddFlag, Set, String
  pkg/version/verflag/verflag.go                                 versionValue
  vendor/github.com/golang/glog/glog.go                          Level, severity, moduleSpec, traceLocation
  pkg/cloudprovider/providers/gce/gce_loadbalancer.go            cidrs

Which gates each binary knows differs (each links other packages), so the known gates are the caller's.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from reader.replicas.pflag import FlagSet, Value, parse_bool


def atoi(text: str) -> int:
    """strconv.Atoi: decimal with an optional sign, with Go's error text."""
    if not (text[1:] if text[:1] in "+-" else text).isdigit():
        raise ValueError(f'strconv.Atoi: parsing "{text}": invalid syntax')
    return int(text)


# Python function → the Go function it follows.
MIRRORS = {
    "FeatureGate.add_flag": "k8s.io/apiserver/pkg/util/feature.(*featureGate).AddFlag",
    "FeatureGate.set": "k8s.io/apiserver/pkg/util/feature.(*featureGate).Set",
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

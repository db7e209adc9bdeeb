"""The ReplicaSet's name: what the Deployment controller calls the ReplicaSet it makes for a pod template.

Mirrors, at Kubernetes v1.9.9, the three steps from a Deployment you write to the name of its
ReplicaSet.  First the API server defaults the object as it decodes it (pkg/apis/apps/v1 and
pkg/apis/core/v1 SetDefaults_*): the template the controller hashes is the defaulted one, with
`dnsPolicy: ClusterFirst`, `terminationGracePeriodSeconds: 30`, an empty securityContext and so
on.  Then controller.ComputeHash prints the template with go-spew's `%#v` (spew.py, which reads
v1.PodTemplateSpec's declarations from the index) and hashes the text with FNV-32a, adding the
Deployment's collisionCount when there is one.  Last, getNewReplicaSet writes the hash in
decimal and names the ReplicaSet `<deployment>-<SafeEncodeString(hash)>`.

Run it:  k8s-reader replica kube-controller-manager/pod_template_hash DEPLOYMENT.yaml [--spew]
prints `<pod-template-hash> <ReplicaSet name>` (and, with --spew, the text that was hashed).
Only the defaults a pod template can reach are replicated (pod spec, containers, ports, probes,
HTTP get actions); a template with volumes, env `fieldRef`s or resource quantities is refused
with a one-line error rather than hashed wrongly.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import yaml

MIRRORS = {
    "set_defaults_deployment": "k8s.io/kubernetes/pkg/apis/apps/v1.SetDefaults_Deployment",
    "set_defaults_pod_spec": "k8s.io/kubernetes/pkg/apis/core/v1.SetDefaults_PodSpec",
    "set_defaults_container": "k8s.io/kubernetes/pkg/apis/core/v1.SetDefaults_Container",
    "compute_hash": "k8s.io/kubernetes/pkg/controller.ComputeHash",
    "safe_encode_string": "k8s.io/apimachinery/pkg/util/rand.SafeEncodeString",
}

CORE_V1 = "k8s.io/api/core/v1"
# rand.alphanums: the characters rand.String picks from (no vowels, no 0 1 3: no words, no look-alikes)
ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"
FNV32_OFFSET, FNV32_PRIME = 0x811C9DC5, 0x01000193
# fields of a pod template whose defaulting the replica does not follow
NOT_REPLICATED = ("volumes", "initContainers", "hostNetwork")


def replica_set_name(deployment: dict, types, collision_count: int | None = None) -> tuple[str, str]:
    """(pod-template-hash, ReplicaSet name) for a Deployment as written (apps/v1)."""
    defaulted = set_object_defaults_deployment(deployment)
    # go: podTemplateSpecHash := fmt.Sprintf("%d", controller.ComputeHash(&newRSTemplate, d.Status.CollisionCount))
    pod_template_hash = str(compute_hash(defaulted["spec"]["template"], types, collision_count))
    # go: Name:            d.Name + "-" + rand.SafeEncodeString(podTemplateSpecHash),
    return pod_template_hash, f"{deployment['metadata']['name']}-{safe_encode_string(pod_template_hash)}"


def compute_hash(template: dict, types, collision_count: int | None = None) -> int:
    """FNV-32a over spew's printing of the template, then the collision count's 8 little-endian bytes."""
    # go: hashutil.DeepHashObject(podTemplateSpecHasher, *template)
    digest = fnv32a(pod_template_spew(template, types).encode())
    # go: if collisionCount != nil {
    if collision_count is not None:
        digest = fnv32a((collision_count & 0xFFFFFFFF).to_bytes(4, "little") + bytes(4), digest)
    return digest


def pod_template_spew(template: dict, types) -> str:
    """The text DeepHashObject writes into the hash for a (defaulted) pod template."""
    from reader.replicas.kube_controller_manager.spew import spew_sprint

    return spew_sprint(template, types.named(CORE_V1, "PodTemplateSpec"), types)


def safe_encode_string(s: str) -> str:
    """Each character of `s` replaced by alphanums[code % 27]: decimal digits become b…n."""
    return "".join(ALPHANUMS[ord(c) % len(ALPHANUMS)] for c in s)


# ---------------------------------------------------------------- defaulting, as the API server decodes


def set_object_defaults_deployment(deployment: dict) -> dict:
    """apps/v1 SetObjectDefaults_Deployment for what a pod template here may hold."""
    d = copy.deepcopy(deployment)
    set_defaults_deployment(d)
    spec = d["spec"]["template"].setdefault("spec", {})
    refused = [k for k in NOT_REPLICATED if spec.get(k)]
    if refused:
        raise ValueError(f"spec.template.spec.{refused[0]}: the defaults v1.9.9 applies there are not replicated; leave it out")
    set_defaults_pod_spec(spec)
    for container in spec.get("containers") or ():
        set_defaults_container(container)
        for port in container.get("ports") or ():
            port.setdefault("protocol", "TCP")  # SetDefaults_ContainerPort
        if any(e.get("valueFrom") for e in container.get("env") or ()):
            raise ValueError("env[].valueFrom: the defaults v1.9.9 applies there are not replicated; leave it out")
        for probe in (container.get("livenessProbe"), container.get("readinessProbe")):
            if probe:
                for field, value in (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)):
                    probe[field] = probe.get(field) or value  # SetDefaults_Probe: a zero is defaulted too
                if probe.get("httpGet"):
                    probe["httpGet"]["path"] = probe["httpGet"].get("path") or "/"  # SetDefaults_HTTPGetAction
                    probe["httpGet"]["scheme"] = probe["httpGet"].get("scheme") or "HTTP"
    return d


def set_defaults_deployment(d: dict) -> None:
    spec = d.setdefault("spec", {})
    # go: if obj.Spec.Replicas == nil {
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    # go: if strategy.Type == "" {
    strategy["type"] = strategy.get("type") or "RollingUpdate"
    # go: if strategy.Type == appsv1.RollingUpdateDeploymentStrategyType {
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.setdefault("rollingUpdate", {})
        rolling.setdefault("maxUnavailable", "25%")
        rolling.setdefault("maxSurge", "25%")
    # go: if obj.Spec.RevisionHistoryLimit == nil {
    spec.setdefault("revisionHistoryLimit", 10)
    # go: if obj.Spec.ProgressDeadlineSeconds == nil {
    spec.setdefault("progressDeadlineSeconds", 600)


def set_defaults_pod_spec(spec: dict) -> None:
    # go: if obj.DNSPolicy == "" {
    spec["dnsPolicy"] = spec.get("dnsPolicy") or "ClusterFirst"
    # go: if obj.RestartPolicy == "" {
    spec["restartPolicy"] = spec.get("restartPolicy") or "Always"
    # go: if obj.HostNetwork {
    # (refused above: host-network ports are not replicated)
    # go: if obj.SecurityContext == nil {
    if spec.get("securityContext") is None:
        spec["securityContext"] = {}
    # go: if obj.TerminationGracePeriodSeconds == nil {
    if spec.get("terminationGracePeriodSeconds") is None:
        spec["terminationGracePeriodSeconds"] = 30
    # go: if obj.SchedulerName == "" {
    spec["schedulerName"] = spec.get("schedulerName") or "default-scheduler"


def set_defaults_container(container: dict) -> None:
    # go: if obj.ImagePullPolicy == "" {
    if not container.get("imagePullPolicy"):
        container["imagePullPolicy"] = "Always" if image_tag(container.get("image", "")) == "latest" else "IfNotPresent"
    # go: if obj.TerminationMessagePath == "" {
    container["terminationMessagePath"] = container.get("terminationMessagePath") or "/dev/termination-log"
    # go: if obj.TerminationMessagePolicy == "" {
    container["terminationMessagePolicy"] = container.get("terminationMessagePolicy") or "File"


def image_tag(image: str) -> str:
    """parsers.ParseImageName's tag: the one written, else "latest" unless a digest is given."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.partition(":")[2]
    return tag or ("" if digest else "latest")


def fnv32a(data: bytes, start: int = FNV32_OFFSET) -> int:
    h = start
    for byte in data:
        h = ((h ^ byte) * FNV32_PRIME) & 0xFFFFFFFF
    return h


# ---------------------------------------------------------------- the command


def load_types():
    """GoTypes over the indexed v1.9.9 tree ($K8S_READER_SOURCE, the cache), as the CLI finds it."""
    from reader import settings
    from reader.index import build_index
    from reader.replicas.kube_controller_manager.spew import GoTypes
    from reader.source import fetch_source, resolve_source

    cache = settings.default_cache_dir()
    tree = fetch_source(resolve_source(settings.default_source()), cache)
    return GoTypes.from_tree(tree.root, build_index(tree.root, tree.commit, cache))


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    if len(paths) != 1:
        print("usage: k8s-reader replica kube-controller-manager/pod_template_hash DEPLOYMENT.yaml [--spew]", file=sys.stderr)
        return 2
    deployment = yaml.safe_load(Path(paths[0]).read_text())
    types = load_types()
    if "--spew" in argv:
        print(pod_template_spew(set_object_defaults_deployment(deployment)["spec"]["template"], types))
    print(*replica_set_name(deployment, types))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The controller table, and app.Run up to where it needs a cluster.

Mirrors, at Kubernetes v1.9.9:
  cmd/kube-controller-manager/app/controllermanager.go   NewControllerInitializers (the names), KnownControllers,
                                                         ControllersDisabledByDefault, Run, createClients
  staging/src/k8s.io/client-go/tools/clientcmd/           BuildConfigFromFlags (client_config.go),
                                                         (*ClientConfigLoadingRules).Load (loader.go),
                                                         (*DeferredLoadingClientConfig).ClientConfig (merged_client_builder.go)
  staging/src/k8s.io/client-go/rest/config.go             InClusterConfig

Run logs the version, validates --controllers, registers configz (nothing to see without its
HTTP server) and builds the client configuration.  What it can do without a cluster it does, with
Go's errors: unknown controllers; neither --master nor --kubeconfig outside a pod ("invalid
configuration: no configuration has been provided"); a --kubeconfig that does not exist.

Where the replica stops (ReplicaStops, one line on stderr): once a client configuration is
built, or when it would have to read a kubeconfig file's contents (clientcmd's YAML loading is
not replicated).  From there Run creates the clients, serves /healthz, /metrics and /configz on
--address:--port, records events, runs the leader election and starts the controllers: all of
that needs the API server.  The controllers themselves are named here, not replicated.

Run it:  python -m reader.replicas.kube_controller_manager.main --controllers=nope
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import NoReturn

from reader.replicas import version
from reader.replicas.component_flags import GlogOutput
from reader.replicas.kube_controller_manager.options import CMServer

# Python function → the Go function it follows (the replica pages put them side by side).
MIRRORS = {
    "new_controller_initializers": "k8s.io/kubernetes/cmd/kube-controller-manager/app.NewControllerInitializers",
    "known_controllers": "k8s.io/kubernetes/cmd/kube-controller-manager/app.KnownControllers",
    "run": "k8s.io/kubernetes/cmd/kube-controller-manager/app.Run",
    "create_client_config": "k8s.io/kubernetes/cmd/kube-controller-manager/app.createClients",
    "build_config_from_flags": "k8s.io/client-go/tools/clientcmd.BuildConfigFromFlags",
    "in_cluster_config": "k8s.io/client-go/rest.InClusterConfig",
}


class RunError(Exception):
    """An error app.Run returns: main prints it and exits 1."""


class ReplicaStops(Exception):
    """The real binary would go on here with what needs a cluster; the replica does not."""


# ---------------------------------------------------------------- the controllers


def new_controller_initializers() -> dict[str, str]:
    """NewControllerInitializers: each controller's name → the InitFunc that starts it (named, not replicated)."""
    controllers = {}
    controllers["endpoint"] = "startEndpointController"
    controllers["replicationcontroller"] = "startReplicationController"
    controllers["podgc"] = "startPodGCController"
    controllers["resourcequota"] = "startResourceQuotaController"
    controllers["namespace"] = "startNamespaceController"
    controllers["serviceaccount"] = "startServiceAccountController"
    controllers["garbagecollector"] = "startGarbageCollectorController"
    controllers["daemonset"] = "startDaemonSetController"
    controllers["job"] = "startJobController"
    controllers["deployment"] = "startDeploymentController"
    controllers["replicaset"] = "startReplicaSetController"
    controllers["horizontalpodautoscaling"] = "startHPAController"
    controllers["disruption"] = "startDisruptionController"
    controllers["statefulset"] = "startStatefulSetController"
    controllers["cronjob"] = "startCronJobController"
    controllers["csrsigning"] = "startCSRSigningController"
    controllers["csrapproving"] = "startCSRApprovingController"
    controllers["csrcleaner"] = "startCSRCleanerController"
    controllers["ttl"] = "startTTLController"
    controllers["bootstrapsigner"] = "startBootstrapSignerController"
    controllers["tokencleaner"] = "startTokenCleanerController"
    controllers["service"] = "startServiceController"
    controllers["node"] = "startNodeController"
    controllers["route"] = "startRouteController"
    controllers["persistentvolume-binder"] = "startPersistentVolumeBinderController"
    controllers["attachdetach"] = "startAttachDetachController"
    controllers["persistentvolume-expander"] = "startVolumeExpandController"
    controllers["clusterrole-aggregation"] = "startClusterRoleAggregrationController"  # sic: Go's spelling
    controllers["pvc-protection"] = "startPVCProtectionController"
    controllers["pv-protection"] = "startPVProtectionController"
    return controllers


# The service account token controller is started apart from the table, first, with a full-power
# client: it mints the tokens the other controllers' clients use.
SA_TOKEN_CONTROLLER_NAME = "serviceaccount-token"

CONTROLLERS_DISABLED_BY_DEFAULT = frozenset({"bootstrapsigner", "tokencleaner"})


def known_controllers() -> list[str]:
    """KnownControllers: the table's names and the special serviceaccount-token, sorted (sets.String.List)."""
    names = set(new_controller_initializers())
    names.add(SA_TOKEN_CONTROLLER_NAME)
    return sorted(names)


# ---------------------------------------------------------------- Run


def run(s: CMServer, log: GlogOutput) -> NoReturn:
    """app.Run: never returns; raises RunError with what Go returns, or ReplicaStops."""
    # go: glog.Infof("Version: %+v", version.Get())
    log.log("INFO", f"Version: {version.get()}")
    # go: if err := s.Validate(KnownControllers(), ControllersDisabledByDefault.List()); err != nil {
    invalid = s.validate(known_controllers(), sorted(CONTROLLERS_DISABLED_BY_DEFAULT))
    if invalid is not None:
        raise RunError(invalid)
    # go: if c, err := configz.New("componentconfig"); err == nil {
    # (configz keeps the configuration for /configz; the replica serves no HTTP, so nothing to keep)
    # go: kubeClient, leaderElectionClient, kubeconfig, err := createClients(s)
    # go: if err != nil {
    config = create_client_config(s, log)  # raises RunError as Go returns err here
    # go: go startHTTP(s)
    stop = ReplicaStops(
        f"stops here: the client configuration is built ({config.described}); from startHTTP on "
        f"(serving {s.KubeControllerManagerConfiguration.Address}:{s.KubeControllerManagerConfiguration.Port}, "
        "leader election, the controllers) kube-controller-manager needs the API server, which the replica does not talk to"
    )
    # From startHTTP on, nothing is replicated: each of these statements needs the API server.
    # go: recorder := createRecorder(kubeClient)
    # go: run := func(stop <-chan struct{}) {
    # go: if !s.LeaderElection.LeaderElect {
    # go: id, err := os.Hostname()
    # go: if err != nil {
    # go: rl, err := resourcelock.New(s.LeaderElection.ResourceLock,
    # go: if err != nil {
    # go: leaderelection.RunOrDie(leaderelection.LeaderElectionConfig{
    # go: panic("unreachable")
    # (Run never returns: Go panics if RunOrDie ever does; the replica raises what stopped it)
    raise stop


# ---------------------------------------------------------------- createClients, as far as the configuration


@dataclass(frozen=True)
class ClientConfig:
    """Which restclient.Config BuildConfigFromFlags settled on, in words."""

    described: str


def create_client_config(s: CMServer, log: GlogOutput) -> ClientConfig:
    """createClients' first statement, clientcmd.BuildConfigFromFlags(s.Master, s.Kubeconfig).
    The clients it then makes (clientset.NewForConfig) talk to the API server: not replicated."""
    return build_config_from_flags(s.Master, s.Kubeconfig, log)


SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount/"  # where a pod gets its token


def build_config_from_flags(master_url: str, kubeconfig_path: str, log: GlogOutput) -> ClientConfig:
    if not kubeconfig_path and not master_url:
        log.log("WARNING", "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.")
        try:
            return in_cluster_config()
        except RunError as exc:
            log.log("WARNING", f"error creating inClusterConfig, falling back to default config: {exc}")
    # NewNonInteractiveDeferredLoadingClientConfig(&ClientConfigLoadingRules{ExplicitPath: kubeconfigPath},
    #     &ConfigOverrides{ClusterInfo: clientcmdapi.Cluster{Server: masterUrl}}).ClientConfig()
    if kubeconfig_path:
        # (*ClientConfigLoadingRules).Load: "Make sure a file we were explicitly told to use exists"
        try:
            os.stat(kubeconfig_path)
        except FileNotFoundError:  # os.IsNotExist; any other stat error lets Go go on to read the file
            raise RunError(f"stat {kubeconfig_path}: no such file or directory") from None
        raise ReplicaStops(f"stops here: reading the kubeconfig file {kubeconfig_path} (clientcmd's loader) is not replicated")
    if master_url:
        return ClientConfig(f"--master {master_url}, nothing else")
    # No files to load and no override: the merged configuration is empty.  DeferredLoadingClientConfig
    # then tries the pod's configuration once more if it is possible, else returns the empty-config error.
    if _in_cluster_possible():
        return in_cluster_config()
    raise RunError("invalid configuration: no configuration has been provided")


def _in_cluster_possible() -> bool:
    """inClusterClientConfig.Possible: both variables set and the token a file."""
    return bool(os.environ.get("KUBERNETES_SERVICE_HOST")) and bool(os.environ.get("KUBERNETES_SERVICE_PORT")) \
        and os.path.isfile(SERVICE_ACCOUNT_DIR + "token")  # fmt: skip


def in_cluster_config() -> ClientConfig:
    """rest.InClusterConfig: the API server's address from the environment, the pod's token from its file."""
    host, port = os.environ.get("KUBERNETES_SERVICE_HOST", ""), os.environ.get("KUBERNETES_SERVICE_PORT", "")
    if not host or not port:
        raise RunError("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")
    token_file = SERVICE_ACCOUNT_DIR + "token"
    try:
        with open(token_file, "rb"):
            pass  # the token itself goes into the clients' requests, which the replica does not make
    except OSError as exc:  # ioutil.ReadFile's *PathError: "open <path>: <errno text>"
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise RunError(f"open {token_file}: {reason[:1].lower() + reason[1:]}") from None
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"  # net.JoinHostPort
    return ClientConfig(f"in-cluster, https://{address} with the pod's service account token")

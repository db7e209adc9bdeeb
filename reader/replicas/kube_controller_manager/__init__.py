"""The kube-controller-manager book's replicas: its options, its flags, and main up to where it needs a cluster."""

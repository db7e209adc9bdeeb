"""kube-scheduler v1.9.9: main, its cobra command and its options, replicated."""

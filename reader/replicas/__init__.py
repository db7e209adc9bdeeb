"""Replicas: small, literate Python programs that do what a traced step of kube-apiserver v1.9.9
does, each checked against facts extracted from the Go source (see differences.py, steps.py)."""

# The runnable ones (each has a main(argv)), in the order the chapters walk them.
RUNNABLE = ("clone", "apiserver_main", "server_run_options", "pflag", "add_flags", "server_chain", "version")

"""Replicas: small, literate Python programs that do what a traced step of kube-apiserver v1.9.9
does, each checked against facts extracted from the Go source.  So far: clone (step 1)
and pflag."""

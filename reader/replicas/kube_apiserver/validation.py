"""Validation of the objects the request replica serves, as v1.9.9 validates the internal types:
pkg/apis/core/validation, pkg/apis/extensions/validation and the generic checks of
k8s.io/apimachinery (names, labels, selectors, object meta), in the order the Go appends its
errors, with the same messages.

What is not replicated is refused, not guessed: `not_replicated_fields` names the fields whose
checks the replica does not have (affinity, tolerations, most volume types …); a request that
sets one gets a 501 from the replica instead of an answer that might differ.

Go ranges over maps in random order; where a map holds several invalid entries the real server's
message order changes from run to run.  The replica goes through keys sorted.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from reader.replicas.kube_apiserver.api_errors import (
    FieldError, GoValue, Path, duplicate, forbidden, invalid, not_found, not_supported, required, too_long,
)  # fmt: skip
from reader.replicas.kube_apiserver.go_values import GoStruct, IntOrString

METADATA, SPEC = Path("metadata"), Path("spec")


# ---------------------------------------------------------------- k8s.io/apimachinery/pkg/util/validation


def _regex_error(message: str, fmt: str, *examples: str) -> str:
    """RegexError."""
    if not examples:
        return f"{message} (regex used for validation is '{fmt}')"
    return f"{message} (e.g. " + " or ".join(f"'{e}', " for e in examples) + f"regex used for validation is '{fmt}')"


def _max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def _matches(fmt: str, value: str) -> bool:
    return re.fullmatch(fmt, value) is not None  # Go's ^…$ anchors the whole text


QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
LABEL_VALUE_FMT = f"({QNAME_FMT})?"
DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+"
ENV_VAR_NAME_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*"
PERCENT_FMT = "[0-9]+%"


def is_qualified_name(value: str) -> list[str]:
    errors = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            errors += ["prefix part " + m for m in is_dns1123_subdomain(prefix)]
    else:
        return ["a qualified name " + _regex_error(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]  # fmt: skip
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > 63:
        errors.append("name part " + _max_len_error(63))
    if not _matches(QNAME_FMT, name):
        errors.append("name part " + _regex_error(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc"))
    return errors


def is_valid_label_value(value: str) -> list[str]:
    errors = [_max_len_error(63)] if len(value) > 63 else []
    if not _matches(LABEL_VALUE_FMT, value):
        errors.append(_regex_error("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                                   LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))  # fmt: skip
    return errors


def is_dns1123_label(value: str) -> list[str]:
    errors = [_max_len_error(63)] if len(value) > 63 else []
    if not _matches(DNS1123_LABEL_FMT, value):
        errors.append(_regex_error("a DNS-1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                                   DNS1123_LABEL_FMT, "my-name", "123-abc"))  # fmt: skip
    return errors


def is_dns1123_subdomain(value: str) -> list[str]:
    errors = [_max_len_error(253)] if len(value) > 253 else []
    if not _matches(DNS1123_SUBDOMAIN_FMT, value):
        errors.append(_regex_error("a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                                   DNS1123_SUBDOMAIN_FMT, "example.com"))  # fmt: skip
    return errors


def is_dns1035_label(value: str) -> list[str]:
    errors = [_max_len_error(63)] if len(value) > 63 else []
    if not _matches(DNS1035_LABEL_FMT, value):
        errors.append(_regex_error("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                                   DNS1035_LABEL_FMT, "my-name", "abc-123"))  # fmt: skip
    return errors


def is_valid_port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else ["must be between 1 and 65535, inclusive"]


def is_valid_port_name(port: str) -> list[str]:
    errors = [_max_len_error(15)] if len(port) > 15 else []
    if not re.fullmatch("[-a-z0-9]+", port):
        errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search("[a-z]", port):
        errors.append("must contain at least one letter or number (a-z, 0-9)")
    if "--" in port:
        errors.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errors.append("must not begin or end with a hyphen")
    return errors


def _has_chdir_prefix(value: str) -> list[str]:
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    return ["must not start with '..'"] if value.startswith("..") else []


def is_config_map_key(value: str) -> list[str]:
    errors = [_max_len_error(253)] if len(value) > 253 else []
    if not _matches(CONFIG_MAP_KEY_FMT, value):
        errors.append(_regex_error("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    return errors + _has_chdir_prefix(value)


def is_env_var_name(value: str) -> list[str]:
    errors = []
    if not _matches(ENV_VAR_NAME_FMT, value):
        errors.append(_regex_error("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
                                   ENV_VAR_NAME_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"))  # fmt: skip
    return errors + _has_chdir_prefix(value)


def is_valid_percent(value: str) -> list[str]:
    return [] if _matches(PERCENT_FMT, value) else [_regex_error("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, "1%", "93%")]


# ---------------------------------------------------------------- names (k8s.io/apimachinery/pkg/api/validation)


def _mask_trailing_dash(name: str) -> str:
    return name[:-2] + "a" if name.endswith("-") else name


def name_is_dns_subdomain(name: str, prefix: bool) -> list[str]:
    return is_dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name: str, prefix: bool) -> list[str]:
    return is_dns1123_label(_mask_trailing_dash(name) if prefix else name)


def name_is_dns1035_label(name: str, prefix: bool) -> list[str]:
    return is_dns1035_label(_mask_trailing_dash(name) if prefix else name)


def validate_path_segment_name(name: str, prefix: bool) -> list[str]:
    """path.ValidatePathSegmentName: what BeforeCreate checks after the type's own validation."""
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{c}'" for c in ("/", "%") if c in name]


def validate_nonnegative_field(value: int, path: str) -> list[FieldError]:
    return [invalid(path, value, "must be greater than or equal to 0")] if value < 0 else []


def validate_labels(labels: dict[str, str] | None, path: str) -> list[FieldError]:
    """ValidateLabels (meta/v1/validation): each key a qualified name, each value a label value."""
    errors = []
    for key, value in sorted((labels or {}).items()):
        errors += [invalid(path, key, m) for m in is_qualified_name(key)]
        errors += [invalid(path, value, m) for m in is_valid_label_value(value)]
    return errors


def validate_annotations(annotations: dict[str, str] | None, path: str) -> list[FieldError]:
    errors, total = [], 0
    for key, value in sorted((annotations or {}).items()):
        errors += [invalid(path, key, m) for m in is_qualified_name(key.lower())]
        total += len(key) + len(value)
    if total > 256 * 1024:
        errors.append(too_long(path, 256 * 1024))
    return errors


def validate_label_selector(selector: GoStruct | None, path: Path) -> list[FieldError]:
    if selector is None:
        return []
    errors = validate_labels(selector.MatchLabels, path.child("matchLabels"))
    for i, expression in enumerate(selector.MatchExpressions or []):
        where = path.child("matchExpressions").index(i)
        if expression.Operator in ("In", "NotIn"):
            if not expression.Values:
                errors.append(required(where.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
        elif expression.Operator in ("Exists", "DoesNotExist"):
            if expression.Values:
                errors.append(forbidden(where.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        else:
            errors.append(invalid(where.child("operator"), expression.Operator, "not a valid selector operator"))
        errors += [invalid(where.child("key"), expression.Key, m) for m in is_qualified_name(expression.Key)]
    return errors


def validate_object_meta(meta: GoStruct, requires_namespace: bool, name_fn: Any, path: Path = METADATA) -> list[FieldError]:
    """ValidateObjectMetaAccessor, then core's extra check of finalizer names."""
    errors = []
    if meta.GenerateName:
        errors += [invalid(path.child("generateName"), meta.GenerateName, m) for m in name_fn(meta.GenerateName, True)]
    if not meta.Name:
        errors.append(required(path.child("name"), "name or generateName is required"))
    else:
        errors += [invalid(path.child("name"), meta.Name, m) for m in name_fn(meta.Name, False)]
    if requires_namespace:
        if not meta.Namespace:
            errors.append(required(path.child("namespace")))
        else:
            errors += [invalid(path.child("namespace"), meta.Namespace, m) for m in name_is_dns_label(meta.Namespace, False)]
    elif meta.Namespace:
        errors.append(forbidden(path.child("namespace"), "not allowed on this type"))
    errors += validate_nonnegative_field(meta.Generation, path.child("generation"))
    errors += validate_labels(meta.Labels, path.child("labels"))
    errors += validate_annotations(meta.Annotations, path.child("annotations"))
    return errors


def validate_object_meta_update(new: GoStruct, old: GoStruct, path: Path = METADATA) -> list[FieldError]:
    """ValidateObjectMetaAccessorUpdate with RepairMalformedUpdates (the default): uid and
    creationTimestamp are taken from the stored object first."""
    if not new.UID:
        new.UID = old.UID
    new.CreationTimestamp = old.CreationTimestamp
    if old.DeletionTimestamp is not None:
        new.DeletionTimestamp = old.DeletionTimestamp
    if old.DeletionGracePeriodSeconds is not None and new.DeletionGracePeriodSeconds is None:
        new.DeletionGracePeriodSeconds = old.DeletionGracePeriodSeconds
    errors = []
    if new.ResourceVersion == "":
        errors.append(invalid(path.child("resourceVersion"), "", "must be specified for an update"))
    if new.Generation < old.Generation:
        errors.append(invalid(path.child("generation"), new.Generation, "must not be decremented"))
    for name in ("Name", "Namespace", "UID"):
        if getattr(new, name) != getattr(old, name):
            errors.append(invalid(path.child(name.lower() if name != "UID" else "uid"), getattr(new, name), "field is immutable"))
    errors += validate_labels(new.Labels, path.child("labels"))
    errors += validate_annotations(new.Annotations, path.child("annotations"))
    return errors


# ---------------------------------------------------------------- pods (pkg/apis/core/validation)

SUPPORTED_PORT_PROTOCOLS = ["TCP", "UDP"]
STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")


def validate_pod_template_spec(template: GoStruct, path: Path) -> list[FieldError]:
    errors = validate_labels(template.Labels, path.child("labels"))
    errors += validate_annotations(template.Annotations, path.child("annotations"))
    errors += validate_pod_spec(template.Spec, path.child("spec"))
    return errors


def validate_pod_spec(spec: GoStruct, path: Path) -> list[FieldError]:
    volumes, errors = validate_volumes(spec.Volumes, path.child("volumes"))
    errors += validate_containers(spec.Containers, volumes, path.child("containers"))
    errors += validate_init_containers(spec.InitContainers, spec.Containers, volumes, path.child("initContainers"))
    errors += _validate_enum(spec.RestartPolicy, path.child("restartPolicy"), ["Always", "OnFailure", "Never"])
    errors += _validate_enum(spec.DNSPolicy, path.child("dnsPolicy"), ["ClusterFirstWithHostNet", "ClusterFirst", "Default"])
    errors += validate_labels(spec.NodeSelector, path.child("nodeSelector"))
    errors += validate_pod_security_context(spec.SecurityContext, spec, path)
    if spec.ServiceAccountName:
        errors += [invalid(path.child("serviceAccountName"), spec.ServiceAccountName, m) for m in name_is_dns_subdomain(spec.ServiceAccountName, False)]
    if spec.NodeName:
        errors += [invalid(path.child("nodeName"), spec.NodeName, m) for m in name_is_dns_subdomain(spec.NodeName, False)]
    if spec.ActiveDeadlineSeconds is not None and not 1 <= spec.ActiveDeadlineSeconds <= 2**31 - 1:
        errors.append(invalid(path.child("activeDeadlineSeconds"), spec.ActiveDeadlineSeconds, "must be between 1 and 2147483647, inclusive"))
    for name in ("Hostname", "Subdomain"):
        value = getattr(spec, name)
        if value:
            errors += [invalid(path.child(name.lower()), value, m) for m in is_dns1123_label(value)]
    return errors


def _validate_enum(value: str, path: str, valid: list[str]) -> list[FieldError]:
    """validateRestartPolicy / validateDNSPolicy: "" is Required, anything else not listed NotSupported."""
    if value in valid:
        return []
    return [required(path)] if value == "" else [not_supported(path, value, valid)]


def validate_volumes(volumes: list[GoStruct] | None, path: Path) -> tuple[dict[str, GoStruct], list[FieldError]]:
    errors, names = [], {}
    for i, volume in enumerate(volumes or []):
        where = path.index(i)
        found = _validate_volume_source(volume.VolumeSource, where)
        if not volume.Name:
            found.append(required(where.child("name")))
        else:
            found += [invalid(where.child("name"), volume.Name, m) for m in is_dns1123_label(volume.Name)]
        if volume.Name in names:
            found.append(duplicate(where.child("name"), volume.Name))
        if found:
            errors += found
        else:
            names[volume.Name] = volume.VolumeSource
    return names, errors


VOLUME_SOURCES = ("EmptyDir", "HostPath", "Secret", "ConfigMap")  # the sources the replica validates


def _validate_volume_source(source: GoStruct, path: Path) -> list[FieldError]:
    """validateVolumeSource for the four common sources (others are refused before: NOT_REPLICATED)."""
    errors, count = [], 0
    for name in VOLUME_SOURCES:
        value = getattr(source, name)
        if value is None:
            continue
        json_name = name[0].lower() + name[1:]
        if count:
            errors.append(forbidden(path.child(json_name), "may not specify more than 1 volume type"))
            continue
        count += 1
        if name == "HostPath" and not value.Path:
            errors.append(required(path.child("hostPath", "path")))
        if name in ("Secret", "ConfigMap"):
            key = "SecretName" if name == "Secret" else "Name"
            if not getattr(value, key):
                errors.append(required(path.child(json_name, "secretName" if name == "Secret" else "name")))
            mode = value.DefaultMode
            if mode is not None and not 0 <= mode <= 0o777:
                errors.append(invalid(path.child(json_name, "defaultMode"), mode, "must be a number between 0 and 0777 (octal), both inclusive"))
    if count == 0:
        errors.append(required(path, "must specify a volume type"))
    return errors


def validate_containers(containers: list[GoStruct] | None, volumes: dict[str, GoStruct], path: Path) -> list[FieldError]:
    if not containers:
        return [required(path)]
    errors, names = [], set()
    for i, container in enumerate(containers):
        where = path.index(i)
        if not container.Name:
            errors.append(required(where.child("name")))
        else:
            errors += [invalid(where.child("name"), container.Name, m) for m in is_dns1123_label(container.Name)]
        if container.Name in names:
            errors.append(duplicate(where.child("name"), container.Name))
        else:
            names.add(container.Name)
        if not container.Image:
            errors.append(required(where.child("image")))
        if container.Lifecycle is not None:
            for hook in ("PostStart", "PreStop"):
                handler = getattr(container.Lifecycle, hook)
                if handler is not None:
                    errors += _validate_handler(handler, where.child("lifecycle", hook[0].lower() + hook[1:]))
        errors += _validate_probe(container.LivenessProbe, where.child("livenessProbe"))
        if container.LivenessProbe is not None and container.LivenessProbe.SuccessThreshold != 1:
            errors.append(invalid(where.child("livenessProbe", "successThreshold"), container.LivenessProbe.SuccessThreshold, "must be 1"))
        policy = container.TerminationMessagePolicy
        if policy == "":
            errors.append(required(where.child("terminationMessagePolicy"), "must be 'File' or 'FallbackToLogsOnError'"))
        elif policy not in ("File", "FallbackToLogsOnError"):
            errors.append(invalid(where.child("terminationMessagePolicy"), policy, "must be 'File' or 'FallbackToLogsOnError'"))
        errors += _validate_probe(container.ReadinessProbe, where.child("readinessProbe"))
        errors += _validate_container_ports(container.Ports, where.child("ports"))
        errors += _validate_env(container.Env, where.child("env"))
        errors += _validate_volume_mounts(container.VolumeMounts, volumes, where.child("volumeMounts"))
        errors += _validate_enum(container.ImagePullPolicy, where.child("imagePullPolicy"), ["Always", "IfNotPresent", "Never"])
        errors += _validate_resources(container.Resources, where.child("resources"))
    errors += _host_port_conflicts(containers, path)
    return errors


def validate_init_containers(containers: list[GoStruct] | None, others: list[GoStruct] | None, volumes: dict[str, GoStruct], path: Path) -> list[FieldError]:
    errors = validate_containers(containers, volumes, path) if containers else []
    names = {c.Name for c in others or []}
    for i, container in enumerate(containers or []):
        where = path.index(i)
        if container.Name in names:
            errors.append(duplicate(where.child("name"), container.Name))
        if container.Name:
            names.add(container.Name)
    return errors


def _validate_probe(probe: GoStruct | None, path: Path) -> list[FieldError]:
    if probe is None:
        return []
    errors = _validate_handler(probe.Handler, path)
    for name in ("InitialDelaySeconds", "TimeoutSeconds", "PeriodSeconds", "SuccessThreshold", "FailureThreshold"):
        errors += validate_nonnegative_field(getattr(probe, name), path.child(name[0].lower() + name[1:]))
    return errors


def _validate_handler(handler: GoStruct, path: Path) -> list[FieldError]:
    errors, count = [], 0
    for name, json_name in (("Exec", "exec"), ("HTTPGet", "httpGet"), ("TCPSocket", "tcpSocket")):
        action = getattr(handler, name)
        if action is None:
            continue
        if count:
            errors.append(forbidden(path.child(json_name), "may not specify more than 1 handler type"))
            continue
        count += 1
        where = path.child(json_name)
        if name == "Exec" and not action.Command:
            errors.append(required(where.child("command")))
        if name == "HTTPGet":
            if not action.Path:
                errors.append(required(where.child("path")))
            errors += validate_port_num_or_name(action.Port, where.child("port"))
            if action.Scheme not in ("HTTP", "HTTPS"):
                errors.append(not_supported(where.child("scheme"), action.Scheme, ["HTTP", "HTTPS"]))
        if name == "TCPSocket":
            errors += validate_port_num_or_name(action.Port, where.child("port"))
    if count == 0:
        errors.append(required(path, "must specify a handler type"))
    return errors


def validate_port_num_or_name(port: IntOrString, path: str) -> list[FieldError]:
    if port.type == 0:
        return [invalid(path, port.int_val, m) for m in is_valid_port_num(port.int_val)]
    return [invalid(path, port.str_val, m) for m in is_valid_port_name(port.str_val)]


def _validate_container_ports(ports: list[GoStruct] | None, path: Path) -> list[FieldError]:
    errors, names = [], set()
    for i, port in enumerate(ports or []):
        where = path.index(i)
        if port.Name:
            messages = is_valid_port_name(port.Name)
            if messages:
                errors += [invalid(where.child("name"), port.Name, m) for m in messages]
            elif port.Name in names:
                errors.append(duplicate(where.child("name"), port.Name))
            else:
                names.add(port.Name)
        if port.ContainerPort == 0:
            errors.append(required(where.child("containerPort")))
        else:
            errors += [invalid(where.child("containerPort"), port.ContainerPort, m) for m in is_valid_port_num(port.ContainerPort)]
        if port.HostPort != 0:
            errors += [invalid(where.child("hostPort"), port.HostPort, m) for m in is_valid_port_num(port.HostPort)]
        if port.Protocol == "":
            errors.append(required(where.child("protocol")))
        elif port.Protocol not in SUPPORTED_PORT_PROTOCOLS:
            errors.append(not_supported(where.child("protocol"), port.Protocol, SUPPORTED_PORT_PROTOCOLS))
    return errors


def _host_port_conflicts(containers: list[GoStruct], path: Path) -> list[FieldError]:
    """AccumulateUniqueHostPorts: a host port (with its protocol) may be used once per pod."""
    errors, seen = [], set()
    for ci, container in enumerate(containers):
        for pi, port in enumerate(container.Ports or []):
            if port.HostPort == 0:
                continue
            key = f"{port.HostPort}/{port.Protocol}"
            if key in seen:
                errors.append(duplicate(path.index(ci).child("ports").index(pi).child("hostPort"), key))
            seen.add(key)
    return errors


ENV_FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.podIP"]


def _validate_env(variables: list[GoStruct] | None, path: Path) -> list[FieldError]:
    errors = []
    for i, variable in enumerate(variables or []):
        where = path.index(i)
        if not variable.Name:
            errors.append(required(where.child("name")))
        else:
            errors += [invalid(where.child("name"), variable.Name, m) for m in is_env_var_name(variable.Name)]
        source = variable.ValueFrom
        if source is None:
            continue
        where = where.child("valueFrom")
        sources = [n for n in ("FieldRef", "ResourceFieldRef", "ConfigMapKeyRef", "SecretKeyRef") if getattr(source, n) is not None]
        if source.FieldRef is not None:
            selector = source.FieldRef
            if not selector.APIVersion:
                errors.append(required(where.child("fieldRef", "apiVersion")))
            elif not selector.FieldPath:
                errors.append(required(where.child("fieldRef", "fieldPath")))
            elif selector.FieldPath not in ENV_FIELD_PATHS and not selector.FieldPath.startswith(("metadata.labels[", "metadata.annotations[")):
                errors.append(not_supported(where.child("fieldRef", "fieldPath"), selector.FieldPath, ENV_FIELD_PATHS))
        for name in ("ConfigMapKeyRef", "SecretKeyRef"):
            ref = getattr(source, name)
            if ref is not None:
                json_name = name[0].lower() + name[1:]
                if not ref.Name:
                    errors.append(required(where.child(json_name, "name")))
                if not ref.Key:
                    errors.append(required(where.child(json_name, "key")))
                else:
                    errors += [invalid(where.child(json_name, "key"), ref.Key, m) for m in is_config_map_key(ref.Key)]
        if not sources:
            errors.append(invalid(where, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
        elif variable.Value:
            errors.append(invalid(where, "", "may not be specified when `value` is not empty"))
        elif len(sources) > 1:
            errors.append(invalid(where, "", "may not have more than one field specified at a time"))
    return errors


def _validate_volume_mounts(mounts: list[GoStruct] | None, volumes: dict[str, GoStruct], path: Path) -> list[FieldError]:
    errors, points = [], set()
    for i, mount in enumerate(mounts or []):
        where = path.index(i)
        if not mount.Name:
            errors.append(required(where.child("name")))
        if mount.Name not in volumes:
            errors.append(not_found(where.child("name"), mount.Name))
        if not mount.MountPath:
            errors.append(required(where.child("mountPath")))
        if mount.MountPath in points:
            errors.append(invalid(where.child("mountPath"), mount.MountPath, "must be unique"))
        points.add(mount.MountPath)
    return errors


def _validate_resources(resources: GoStruct, path: Path) -> list[FieldError]:
    """ValidateResourceRequirements for the standard container resources (cpu, memory, ephemeral-storage)."""
    errors = []
    for kind, values in (("limits", resources.Limits), ("requests", resources.Requests)):
        for name, quantity in sorted((values or {}).items()):
            where = path.child(kind).key(name)
            if "/" not in name and name not in STANDARD_CONTAINER_RESOURCES:
                errors.append(invalid(where, name, "must be a standard resource for containers"))
            if quantity.value < 0:
                errors.append(invalid(where, str(quantity), "must be greater than or equal to 0"))
            if kind == "requests" and name in (resources.Limits or {}) and quantity.value > resources.Limits[name].value:
                errors.append(invalid(path.child("requests"), str(quantity), f"must be less than or equal to {name} limit"))
    return errors


def validate_pod_security_context(context: GoStruct | None, spec: GoStruct, path: Path) -> list[FieldError]:
    errors = []
    if context is None:
        return errors
    if context.HostNetwork:  # validateHostNetwork: every container port must be its host port
        for ci, container in enumerate(spec.Containers or []):
            for pi, port in enumerate(container.Ports or []):
                if port.HostPort != port.ContainerPort:
                    errors.append(invalid(path.child("containers").index(ci).child("ports").index(pi).child("containerPort"), port.ContainerPort,
                                          "must match `hostPort` when `hostNetwork` is true"))  # fmt: skip
    for name, json_name in (("FSGroup", "fsGroup"), ("RunAsUser", "runAsUser")):
        value = getattr(context, name)
        if value is not None and not 0 <= value <= 2**31 - 1:
            errors.append(invalid(path.child("securityContext", json_name), value, "must be between 0 and 2147483647, inclusive"))
    return errors


# ---------------------------------------------------------------- the objects


def validate_deployment(deployment: GoStruct) -> list[FieldError]:
    """ValidateDeployment (pkg/apis/extensions/validation)."""
    errors = validate_object_meta(deployment.ObjectMeta, True, name_is_dns_subdomain)
    return errors + validate_deployment_spec(deployment.Spec, SPEC)


def validate_deployment_spec(spec: GoStruct, path: Path) -> list[FieldError]:
    errors = validate_nonnegative_field(spec.Replicas, path.child("replicas"))
    errors += _validate_selector_and_template(spec, path)
    errors += validate_deployment_strategy(spec.Strategy, path.child("strategy"))
    errors += validate_nonnegative_field(spec.MinReadySeconds, path.child("minReadySeconds"))
    if spec.RevisionHistoryLimit is not None:
        errors += validate_nonnegative_field(spec.RevisionHistoryLimit, path.child("revisionHistoryLimit"))
    if spec.RollbackTo is not None and spec.RollbackTo.Revision < 0:
        errors += validate_nonnegative_field(spec.RollbackTo.Revision, path.child("rollback", "revision"))
    if spec.ProgressDeadlineSeconds is not None:
        errors += validate_nonnegative_field(spec.ProgressDeadlineSeconds, path.child("progressDeadlineSeconds"))
        if spec.ProgressDeadlineSeconds <= spec.MinReadySeconds:
            errors.append(invalid(path.child("progressDeadlineSeconds"), spec.ProgressDeadlineSeconds, "must be greater than minReadySeconds."))
    return errors


def _validate_selector_and_template(spec: GoStruct, path: Path) -> list[FieldError]:
    """The selector part of ValidateDeploymentSpec / ValidateReplicaSetSpec, then the template
    checked against the selector (only when the selector converts to a labels.Selector)."""
    selector = spec.Selector
    if selector is None:
        errors = [required(path.child("selector"))]
    else:
        errors = validate_label_selector(selector, path.child("selector"))
        if not selector.MatchLabels and not selector.MatchExpressions:
            errors.append(invalid(path.child("selector"), GoValue(selector_go_syntax(selector)), "empty selector is not valid for deployment."))
    if selector is not None and not selector_converts(selector):  # LabelSelectorAsSelector failed
        return errors + [invalid(path.child("selector"), GoValue(selector_go_syntax(selector)), "invalid label selector.")]
    return errors + validate_pod_template_spec_for_replica_set(spec.Template, selector, path.child("template"))


def selector_go_syntax(selector: GoStruct) -> str:
    """%#v of a metav1.LabelSelector (field.Error dereferences the pointer before printing)."""
    return selector.go_syntax()


def selector_converts(selector: GoStruct) -> bool:
    """Whether metav1.LabelSelectorAsSelector accepts the selector: valid keys and values, known
    operators, values for In/NotIn and none for Exists/DoesNotExist."""
    for key, value in (selector.MatchLabels or {}).items():
        if is_qualified_name(key) or is_valid_label_value(value):
            return False
    for expression in selector.MatchExpressions or []:
        if expression.Operator not in ("In", "NotIn", "Exists", "DoesNotExist") or is_qualified_name(expression.Key):
            return False
        values = expression.Values or []
        if (expression.Operator in ("In", "NotIn")) != bool(values):
            return False
        if any(is_valid_label_value(value) for value in values):
            return False
    return True


def validate_pod_template_spec_for_replica_set(template: GoStruct, selector: GoStruct | None, path: Path) -> list[FieldError]:
    errors = []
    # LabelSelectorAsSelector: nil is labels.Nothing() (never empty, matches nothing), {} is Everything() (empty)
    if (selector is None or selector.MatchLabels or selector.MatchExpressions) and not (selector is not None and selector_matches(selector, template.Labels or {})):
        errors.append(invalid(path.child("metadata", "labels"), dict(template.Labels or {}), "`selector` does not match template `labels`"))
    errors += validate_pod_template_spec(template, path)
    if template.Spec.RestartPolicy != "Always":
        errors.append(not_supported(path.child("spec", "restartPolicy"), template.Spec.RestartPolicy, ["Always"]))
    if template.Spec.ActiveDeadlineSeconds is not None:
        errors.append(invalid(path.child("spec", "activeDeadlineSeconds"), template.Spec.ActiveDeadlineSeconds, "must not be specified"))
    return errors


def selector_matches(selector: GoStruct, labels: dict[str, str]) -> bool:
    """LabelSelectorAsSelector(selector).Matches(labels)."""
    if any(labels.get(k) != v for k, v in (selector.MatchLabels or {}).items()):
        return False
    for expression in selector.MatchExpressions or []:
        present, value = expression.Key in labels, labels.get(expression.Key)
        if expression.Operator == "In" and value not in (expression.Values or []):
            return False
        if expression.Operator == "NotIn" and present and value in (expression.Values or []):
            return False
        if expression.Operator == "Exists" and not present:
            return False
        if expression.Operator == "DoesNotExist" and present:
            return False
    return True


def validate_deployment_strategy(strategy: GoStruct, path: Path) -> list[FieldError]:
    if strategy.Type == "Recreate":
        if strategy.RollingUpdate is not None:
            return [forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
        return []
    if strategy.Type == "RollingUpdate":
        if strategy.RollingUpdate is None:
            return [required(path.child("rollingUpdate"), "this should be defaulted and never be nil")]
        return validate_rolling_update_deployment(strategy.RollingUpdate, path.child("rollingUpdate"))
    shown = "nil" if strategy.RollingUpdate is None else "(*extensions.RollingUpdateDeployment)(…)"
    return [not_supported(path, GoValue(f'extensions.DeploymentStrategy{{Type:"{strategy.Type}", RollingUpdate:{shown}}}'), ["Recreate", "RollingUpdate"])]


def validate_rolling_update_deployment(rolling: GoStruct, path: Path) -> list[FieldError]:
    errors = _validate_positive_int_or_percent(rolling.MaxUnavailable, path.child("maxUnavailable"))
    errors += _validate_positive_int_or_percent(rolling.MaxSurge, path.child("maxSurge"))
    if _int_or_percent_value(rolling.MaxUnavailable) == 0 and _int_or_percent_value(rolling.MaxSurge) == 0:
        errors.append(invalid(path.child("maxUnavailable"), rolling.MaxUnavailable, "may not be 0 when `maxSurge` is 0"))
    percent = _percent_value(rolling.MaxUnavailable)
    if percent is not None and percent > 100:
        errors.append(invalid(path.child("maxUnavailable"), rolling.MaxUnavailable, "must not be greater than 100%"))
    return errors


def _validate_positive_int_or_percent(value: IntOrString, path: str) -> list[FieldError]:
    if value.type == 1:
        return [invalid(path, value, m) for m in is_valid_percent(value.str_val)]
    return validate_nonnegative_field(value.int_val, path)


def _percent_value(value: IntOrString) -> int | None:
    if value.type != 1 or is_valid_percent(value.str_val):
        return None
    return int(value.str_val[:-1])


def _int_or_percent_value(value: IntOrString) -> int:
    percent = _percent_value(value)
    if percent is not None:
        return percent
    if value.type == 1:  # IntValue of a string: strconv.Atoi, 0 when it is no number
        return int(value.str_val) if re.fullmatch(r"[+-]?[0-9]+", value.str_val) else 0
    return value.int_val


def validate_replica_set(replica_set: GoStruct) -> list[FieldError]:
    """ValidateReplicaSet."""
    errors = validate_object_meta(replica_set.ObjectMeta, True, name_is_dns_subdomain)
    return errors + validate_replica_set_spec(replica_set.Spec, SPEC)


def validate_replica_set_spec(spec: GoStruct, path: Path) -> list[FieldError]:
    errors = validate_nonnegative_field(spec.Replicas, path.child("replicas"))
    errors += validate_nonnegative_field(spec.MinReadySeconds, path.child("minReadySeconds"))
    return errors + _validate_selector_and_template(spec, path)


def validate_pod(pod: GoStruct) -> list[FieldError]:
    """ValidatePod."""
    errors = validate_object_meta(pod.ObjectMeta, True, name_is_dns_subdomain)
    errors += validate_pod_spec(pod.Spec, SPEC)
    for kind in ("containers", "initContainers"):
        for i, container in enumerate(getattr(pod.Spec, "Containers" if kind == "containers" else "InitContainers") or []):
            if container.Image != container.Image.strip():
                errors.append(invalid(SPEC.child(kind).index(i).child("image"), container.Image, "must not have leading or trailing whitespace"))
    return errors


def validate_config_map(config_map: GoStruct) -> list[FieldError]:
    """ValidateConfigMap."""
    errors = validate_object_meta(config_map.ObjectMeta, True, name_is_dns_subdomain)
    total = 0
    for key, value in sorted((config_map.Data or {}).items()):
        errors += [invalid(Path("data").key(key), key, m) for m in is_config_map_key(key)]
        total += len(value)
    if total > 1024 * 1024:
        errors.append(too_long("data", 1024 * 1024))
    return errors


def validate_namespace(namespace: GoStruct) -> list[FieldError]:
    """ValidateNamespace."""
    errors = validate_object_meta(namespace.ObjectMeta, False, name_is_dns_label)
    for finalizer in namespace.Spec.Finalizers or []:
        if "/" not in finalizer and finalizer != "kubernetes":
            errors.append(invalid(SPEC.child("finalizers"), finalizer, "name is neither a standard finalizer name nor is it fully qualified"))
    return errors


SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]


def validate_service(service: GoStruct) -> list[FieldError]:
    """ValidateService."""
    spec = service.Spec
    errors = validate_object_meta(service.ObjectMeta, True, name_is_dns1035_label)
    headless = spec.ClusterIP == "None"
    ports = spec.Ports or []
    if not ports and not headless and spec.Type != "ExternalName":
        errors.append(required(SPEC.child("ports")))
    if spec.Type == "LoadBalancer":
        for i, port in enumerate(ports):
            if port.Port == 10250:
                errors.append(invalid(SPEC.child("ports").index(i), port.Port, "may not expose port 10250 externally since it is used by kubelet"))
        if headless:
            errors.append(invalid(SPEC.child("clusterIP"), spec.ClusterIP, "may not be set to 'None' for LoadBalancer services"))
    elif spec.Type == "NodePort" and headless:
        errors.append(invalid(SPEC.child("clusterIP"), spec.ClusterIP, "may not be set to 'None' for NodePort services"))
    elif spec.Type == "ExternalName":
        if spec.ClusterIP != "":
            errors.append(invalid(SPEC.child("clusterIP"), spec.ClusterIP, "must be empty for ExternalName services"))
        if spec.ExternalName:
            errors += [invalid(SPEC.child("externalName"), spec.ExternalName, m) for m in is_dns1123_subdomain(spec.ExternalName)]
        else:
            errors.append(required(SPEC.child("externalName")))
    names: set[str] = set()
    for i, port in enumerate(ports):
        errors += _validate_service_port(port, len(ports) > 1, names, SPEC.child("ports").index(i))
    if spec.Selector is not None:
        errors += validate_labels(spec.Selector, SPEC.child("selector"))
    if spec.SessionAffinity == "":
        errors.append(required(SPEC.child("sessionAffinity")))
    elif spec.SessionAffinity not in ("ClientIP", "None"):
        errors.append(not_supported(SPEC.child("sessionAffinity"), spec.SessionAffinity, ["ClientIP", "None"]))
    if spec.SessionAffinity == "ClientIP":
        timeout = spec.SessionAffinityConfig.ClientIP.TimeoutSeconds if spec.SessionAffinityConfig and spec.SessionAffinityConfig.ClientIP else None
        if timeout is not None and not 0 < timeout <= 86400:
            errors.append(invalid(SPEC.child("sessionAffinityConfig", "clientIP", "timeoutSeconds"), timeout, "must be greater than 0 and less than 86400"))
    elif spec.SessionAffinity == "None" and spec.SessionAffinityConfig is not None:
        errors.append(forbidden(SPEC.child("sessionAffinityConfig"), "must not be set when session affinity is None"))
    if spec.ClusterIP not in ("", "None"):
        try:
            ipaddress.ip_address(spec.ClusterIP)
        except ValueError:
            errors.append(invalid(SPEC.child("clusterIP"), spec.ClusterIP, "must be empty, 'None', or a valid IP address"))
    for i, ip in enumerate(spec.ExternalIPs or []):
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            errors.append(invalid(SPEC.child("externalIPs").index(i), ip, "must be a valid IP address, (e.g. 10.9.8.7)"))
    if spec.Type == "":
        errors.append(required(SPEC.child("type")))
    elif spec.Type not in SERVICE_TYPES:
        errors.append(not_supported(SPEC.child("type"), spec.Type, SERVICE_TYPES))
    if spec.Type == "LoadBalancer":
        for i, port in enumerate(ports):
            if port.Protocol not in SUPPORTED_PORT_PROTOCOLS:
                errors.append(invalid(SPEC.child("ports").index(i).child("protocol"), port.Protocol, "cannot create an external load balancer with non-TCP/UDP ports"))
        if len({p.Protocol for p in ports if p.Protocol in SUPPORTED_PORT_PROTOCOLS}) > 1:
            errors.append(invalid(SPEC.child("ports"), GoValue("[]core.ServicePort{…}"), "cannot create an external load balancer with mix protocols"))
    if spec.Type == "ClusterIP":
        for i, port in enumerate(ports):
            if port.NodePort != 0:
                errors.append(invalid(SPEC.child("ports").index(i).child("nodePort"), port.NodePort, "may not be used when `type` is 'ClusterIP'"))
    seen_node_ports: set[tuple[str, int]] = set()
    for i, port in enumerate(ports):
        if port.NodePort == 0:
            continue
        if (port.Protocol, port.NodePort) in seen_node_ports:
            errors.append(duplicate(SPEC.child("ports").index(i).child("nodePort"), port.NodePort))
        seen_node_ports.add((port.Protocol, port.NodePort))
    seen_ports: set[tuple[str, int]] = set()
    for i, port in enumerate(ports):
        if (port.Protocol, port.Port) in seen_ports:
            shown = f'core.ServicePort{{Name:"", Protocol:"{port.Protocol}", Port:{port.Port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:""}}, NodePort:0}}'
            errors.append(duplicate(SPEC.child("ports").index(i), GoValue(shown)))
        seen_ports.add((port.Protocol, port.Port))
    policy = spec.ExternalTrafficPolicy
    if policy not in ("", "Cluster", "Local"):
        errors.append(invalid(SPEC.child("externalTrafficPolicy"), policy, "ExternalTrafficPolicy must be empty, Cluster or Local"))
    if spec.HealthCheckNodePort < 0:
        errors.append(invalid(SPEC.child("healthCheckNodePort"), spec.HealthCheckNodePort, "HealthCheckNodePort must be not less than 0"))
    return errors


def _validate_service_port(port: GoStruct, require_name: bool, names: set[str], path: Path) -> list[FieldError]:
    errors = []
    if require_name and not port.Name:
        errors.append(required(path.child("name")))
    elif port.Name:
        errors += [invalid(path.child("name"), port.Name, m) for m in is_dns1123_label(port.Name)]
        if port.Name in names:
            errors.append(duplicate(path.child("name"), port.Name))
        else:
            names.add(port.Name)
    errors += [invalid(path.child("port"), port.Port, m) for m in is_valid_port_num(port.Port)]
    if port.Protocol == "":
        errors.append(required(path.child("protocol")))
    elif port.Protocol not in SUPPORTED_PORT_PROTOCOLS:
        errors.append(not_supported(path.child("protocol"), port.Protocol, SUPPORTED_PORT_PROTOCOLS))
    return errors + validate_port_num_or_name(port.TargetPort, path.child("targetPort"))


def validate_service_update(service: GoStruct, old: GoStruct) -> list[FieldError]:
    """ValidateServiceUpdate: a cluster IP, once set, may not change."""
    errors = validate_object_meta_update(service.ObjectMeta, old.ObjectMeta)
    if service.Spec.Type != "ExternalName" and old.Spec.Type != "ExternalName" and old.Spec.ClusterIP != "" and service.Spec.ClusterIP != old.Spec.ClusterIP:
        errors.append(invalid(SPEC.child("clusterIP"), service.Spec.ClusterIP, "field is immutable"))
    return errors + validate_service(service)


# ---------------------------------------------------------------- what the replica does not validate

# Fields of the internal types whose checks the replica does not have: a request that sets one is refused (501).
NOT_REPLICATED = {
    "metadata.generateName": "a generated name is random (names.SimpleNameGenerator)",
    "metadata.ownerReferences": "ValidateOwnerReferences",
    "metadata.initializers": "the Initializers feature (alpha, off)",
    "metadata.finalizers": "finalizer names on objects",
    "spec.affinity": "validateAffinity", "spec.tolerations": "ValidateTolerations", "spec.hostAliases": "ValidateHostAliases",
    "spec.dnsConfig": "validatePodDNSConfig (feature gate CustomPodDNS)", "spec.imagePullSecrets": "validateImagePullSecrets",
    "spec.priorityClassName": "PodPriority", "spec.priority": "PodPriority",
    "spec.securityContext.seLinuxOptions": "SELinux options", "spec.securityContext.supplementalGroups": "supplemental groups",
    "containers[].securityContext": "ValidateSecurityContext", "containers[].envFrom": "ValidateEnvFrom",
    "containers[].volumeDevices": "BlockVolume", "containers[].resources (other than cpu, memory, ephemeral-storage)": "extended resources",
    "volumes (other than emptyDir, hostPath, secret, configMap)": "validateVolumeSource of the other 23 volume types",
    "spec.loadBalancerSourceRanges": "GetLoadBalancerSourceRanges",
    "spec.externalTrafficPolicy: Local on NodePort/LoadBalancer": "the health check node port allocation",
}  # fmt: skip


def not_replicated_fields(obj: GoStruct) -> list[str]:
    """The NOT_REPLICATED fields that `obj` (an internal object) sets."""
    found = []
    meta = obj.ObjectMeta
    for name, label in (("GenerateName", "metadata.generateName"), ("OwnerReferences", "metadata.ownerReferences"),
                        ("Initializers", "metadata.initializers"), ("Finalizers", "metadata.finalizers")):  # fmt: skip
        if getattr(meta, name):
            found.append(label)
    spec = obj._fields.get("Spec")
    pod_specs = []
    if spec is not None and "Template" in spec._fields and spec.Template is not None:
        pod_specs.append(spec.Template.Spec)
    elif obj.go_type.id.endswith(".Pod"):
        pod_specs.append(spec)
    for pod in pod_specs:
        for name, label in (("Affinity", "spec.affinity"), ("Tolerations", "spec.tolerations"), ("HostAliases", "spec.hostAliases"),
                            ("DNSConfig", "spec.dnsConfig"), ("ImagePullSecrets", "spec.imagePullSecrets"),
                            ("PriorityClassName", "spec.priorityClassName"), ("Priority", "spec.priority")):  # fmt: skip
            if getattr(pod, name):
                found.append(label)
        context = pod.SecurityContext
        if context is not None and (context.SELinuxOptions is not None or context.SupplementalGroups):
            found.append("spec.securityContext.seLinuxOptions / supplementalGroups")
        for volume in pod.Volumes or []:
            others = [f.name for f in volume.VolumeSource.go_type.fields if f.name not in VOLUME_SOURCES and volume.VolumeSource._fields[f.name] is not None]
            if others:
                found.append(f"volumes[].{others[0][0].lower() + others[0][1:]}")
        for container in [*(pod.Containers or []), *(pod.InitContainers or [])]:
            if container.SecurityContext is not None:
                found.append("containers[].securityContext")
            if container.EnvFrom:
                found.append("containers[].envFrom")
            if container.VolumeDevices:
                found.append("containers[].volumeDevices")
            names = [*(container.Resources.Limits or {}), *(container.Resources.Requests or {})]
            if any(n not in STANDARD_CONTAINER_RESOURCES for n in names):
                found.append("containers[].resources (extended)")
    if obj.go_type.id.endswith(".Service"):
        if spec.LoadBalancerSourceRanges:
            found.append("spec.loadBalancerSourceRanges")
        if spec.ExternalTrafficPolicy == "Local" and spec.Type in ("NodePort", "LoadBalancer"):
            found.append("spec.externalTrafficPolicy: Local")
    return found

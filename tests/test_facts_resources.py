"""Facts stage: the API resource lists, read from fixture trees shaped like kube-apiserver's registry.

The fixture is a small hand-written tree in the shape of the real one: rest.* interfaces, a
genericregistry.Store, a legacy provider and a group provider listed in master's New, REST
types embedding *Store, a status subresource, connecters, a redirector, a scale subresource
with a GroupVersionKindProvider, a storage stored by value.  Expected values are what
registerResourceHandlers does with these types, worked out by hand from the Go rules
(method sets, embedding, scope from RootScopedKinds) — never read back from the extractor.
"""

from __future__ import annotations

import pytest

from reader.facts.resources import APIResource, ServedResources, api_resources
from reader.index import build_index
from tests.conftest import write_tree

RUNTIME = """
    package runtime

    type Object interface {
        GetObjectKind() int
    }
"""

SCHEMA = """
    package schema

    type GroupVersion struct {
        Group   string
        Version string
    }

    type GroupVersionKind struct {
        Group   string
        Version string
        Kind    string
    }

    type GroupVersionResource struct {
        Group    string
        Version  string
        Resource string
    }

    func (gv GroupVersion) WithKind(kind string) GroupVersionKind {
        return GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: kind}
    }

    func (gv GroupVersion) WithResource(resource string) GroupVersionResource {
        return GroupVersionResource{Group: gv.Group, Version: gv.Version, Resource: resource}
    }

    func (gvr GroupVersionResource) GroupVersion() GroupVersion {
        return GroupVersion{Group: gvr.Group, Version: gvr.Version}
    }
"""

SETS = """
    package sets

    type Empty struct{}

    type String map[string]Empty

    func NewString(items ...string) String {
        ss := String{}
        for _, item := range items {
            ss[item] = Empty{}
        }
        return ss
    }

    func (s String) Has(item string) bool {
        _, contained := s[item]
        return contained
    }
"""

REST = """
    package rest

    import (
        "net/http"
        "net/url"

        "k8s.io/apimachinery/pkg/runtime"
        "k8s.io/apimachinery/pkg/runtime/schema"
    )

    type Context interface{}
    type ListOptions struct{}
    type GetOptions struct{}
    type DeleteOptions struct{}
    type ValidateObjectFunc func(obj runtime.Object) error
    type UpdatedObjectInfo interface{}
    type Responder interface{}

    type Storage interface {
        New() runtime.Object
    }
    type KindProvider interface {
        Kind() string
    }
    type ShortNamesProvider interface {
        ShortNames() []string
    }
    type CategoriesProvider interface {
        Categories() []string
    }
    type GroupVersionKindProvider interface {
        GroupVersionKind(containingGV schema.GroupVersion) schema.GroupVersionKind
    }
    type Lister interface {
        NewList() runtime.Object
        List(ctx Context, options *ListOptions) (runtime.Object, error)
    }
    type Getter interface {
        Get(ctx Context, name string, options *GetOptions) (runtime.Object, error)
    }
    type GetterWithOptions interface {
        Get(ctx Context, name string, options runtime.Object) (runtime.Object, error)
        NewGetOptions() (runtime.Object, bool, string)
    }
    type Deleter interface {
        Delete(ctx Context, name string) (runtime.Object, error)
    }
    type GracefulDeleter interface {
        Delete(ctx Context, name string, options *DeleteOptions) (runtime.Object, bool, error)
    }
    type CollectionDeleter interface {
        DeleteCollection(ctx Context, options *DeleteOptions, listOptions *ListOptions) (runtime.Object, error)
    }
    type Creater interface {
        New() runtime.Object
        Create(ctx Context, obj runtime.Object, createValidation ValidateObjectFunc, includeUninitialized bool) (runtime.Object, error)
    }
    type NamedCreater interface {
        New() runtime.Object
        Create(ctx Context, name string, obj runtime.Object, createValidation ValidateObjectFunc, includeUninitialized bool) (runtime.Object, error)
    }
    type Updater interface {
        New() runtime.Object
        Update(ctx Context, name string, objInfo UpdatedObjectInfo) (runtime.Object, bool, error)
    }
    type Patcher interface {
        Getter
        Updater
    }
    type Watcher interface {
        Watch(ctx Context, options *ListOptions) (int, error)
    }
    type Redirector interface {
        ResourceLocation(ctx Context, id string) (remoteLocation *url.URL, transport http.RoundTripper, err error)
    }
    type Connecter interface {
        Connect(ctx Context, id string, options runtime.Object, r Responder) (http.Handler, error)
        NewConnectOptions() (runtime.Object, bool, string)
        ConnectMethods() []string
    }
    type StandardStorage interface {
        Getter
        Lister
        Creater
        Updater
        GracefulDeleter
        CollectionDeleter
        Watcher
    }
"""

STORE = """
    package registry

    import (
        "k8s.io/apimachinery/pkg/runtime"
        "k8s.io/apiserver/pkg/registry/rest"
    )

    type Store struct {
        NewFunc     func() runtime.Object
        NewListFunc func() runtime.Object
        Resource    string
    }

    func (e *Store) New() runtime.Object     { return e.NewFunc() }
    func (e *Store) NewList() runtime.Object { return e.NewListFunc() }
    func (e *Store) List(ctx rest.Context, options *rest.ListOptions) (runtime.Object, error) {
        return nil, nil
    }
    func (e *Store) Get(ctx rest.Context, name string, options *rest.GetOptions) (runtime.Object, error) {
        return nil, nil
    }
    func (e *Store) Create(ctx rest.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, includeUninitialized bool) (runtime.Object, error) {
        return nil, nil
    }
    func (e *Store) Update(ctx rest.Context, name string, objInfo rest.UpdatedObjectInfo) (runtime.Object, bool, error) {
        return nil, false, nil
    }
    func (e *Store) Delete(ctx rest.Context, name string, options *rest.DeleteOptions) (runtime.Object, bool, error) {
        return nil, false, nil
    }
    func (e *Store) DeleteCollection(ctx rest.Context, options *rest.DeleteOptions, listOptions *rest.ListOptions) (runtime.Object, error) {
        return nil, nil
    }
    func (e *Store) Watch(ctx rest.Context, options *rest.ListOptions) (int, error) { return 0, nil }
"""

SERVER = """
    package server

    import "k8s.io/apiserver/pkg/registry/rest"

    type APIGroupInfo struct {
        VersionedResourcesStorageMap map[string]map[string]rest.Storage
    }

    func NewDefaultAPIGroupInfo(group string) APIGroupInfo {
        return APIGroupInfo{VersionedResourcesStorageMap: map[string]map[string]rest.Storage{}}
    }
"""

RESOURCE_CONFIG = """
    package storage

    import (
        "k8s.io/apimachinery/pkg/runtime/schema"
        "k8s.io/apimachinery/pkg/util/sets"
    )

    type GroupVersionResourceConfig struct {
        Enable            bool
        DisabledResources sets.String
    }

    type ResourceConfig struct {
        GroupVersionResourceConfigs map[schema.GroupVersion]*GroupVersionResourceConfig
    }

    func NewResourceConfig() *ResourceConfig {
        return &ResourceConfig{GroupVersionResourceConfigs: map[schema.GroupVersion]*GroupVersionResourceConfig{}}
    }

    func (o *ResourceConfig) EnableVersions(versions ...schema.GroupVersion) {
        for _, version := range versions {
            if _, exists := o.GroupVersionResourceConfigs[version]; !exists {
                o.GroupVersionResourceConfigs[version] = &GroupVersionResourceConfig{DisabledResources: sets.String{}}
            }
            o.GroupVersionResourceConfigs[version].Enable = true
        }
    }

    func (o *ResourceConfig) DisableResources(resources ...schema.GroupVersionResource) {
        for _, resource := range resources {
            o.GroupVersionResourceConfigs[resource.GroupVersion()].DisabledResources[resource.Resource] = sets.Empty{}
        }
    }

    func (o *ResourceConfig) ResourceEnabled(resource schema.GroupVersionResource) bool {
        config, exists := o.GroupVersionResourceConfigs[resource.GroupVersion()]
        if !exists || !config.Enable {
            return false
        }
        return !config.DisabledResources.Has(resource.Resource)
    }

    func (o *ResourceConfig) AnyResourcesForVersionEnabled(version schema.GroupVersion) bool {
        config, exists := o.GroupVersionResourceConfigs[version]
        if !exists {
            return false
        }
        return config.Enable
    }

    func (o *ResourceConfig) AnyResourcesForGroupEnabled(group string) bool {
        for version := range o.GroupVersionResourceConfigs {
            if version.Group == group && o.AnyResourcesForVersionEnabled(version) {
                return true
            }
        }
        return false
    }
"""

ENDPOINTS = """
    package endpoints

    // the discovery verb of each action; CONNECT is not listed
    var toDiscoveryKubeVerb = map[string]string{
        "CONNECT":          "",
        "DELETE":           "delete",
        "DELETECOLLECTION": "deletecollection",
        "GET":              "get",
        "LIST":             "list",
        "PATCH":            "patch",
        "POST":             "create",
        "PROXY":            "proxy",
        "PUT":              "update",
        "WATCH":            "watch",
        "WATCHLIST":        "watch",
    }
"""

DISCOVERY = """
    package discovery

    func keepUnversioned(group string) bool {
        return group == "" || group == "extensions"
    }
"""

ANNOUNCED = """
    package announced

    import "k8s.io/apimachinery/pkg/util/sets"

    type GroupMetaFactoryArgs struct {
        GroupName       string
        RootScopedKinds sets.String
    }

    type VersionToSchemeFunc map[string]func() error

    type GroupMetaFactory struct{}

    func NewGroupMetaFactory(args *GroupMetaFactoryArgs, versions VersionToSchemeFunc) *GroupMetaFactory {
        return &GroupMetaFactory{}
    }
"""

LEGACYSCHEME = """
    package legacyscheme

    type Manager struct{}

    func (m *Manager) IsEnabledVersion(group, version string) bool { return false }

    var Registry = &Manager{}
"""


def install(group_expr: str, root_kinds: str, versions: str, imports: str) -> str:
    return f"""
        package install

        import (
            "k8s.io/apimachinery/pkg/apimachinery/announced"
            "k8s.io/apimachinery/pkg/util/sets"
            {imports}
        )

        func Install() {{
            announced.NewGroupMetaFactory(
                &announced.GroupMetaFactoryArgs{{
                    GroupName:       {group_expr},
                    RootScopedKinds: sets.NewString({root_kinds}),
                }},
                announced.VersionToSchemeFunc{{
                    {versions}
                }},
            )
        }}
    """


POD_STORAGE = """
    package storage

    import (
        "net/http"
        "net/url"

        "k8s.io/apimachinery/pkg/runtime"
        genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
        "k8s.io/apiserver/pkg/registry/rest"
        api "k8s.io/kubernetes/pkg/apis/core"
    )

    type PodStorage struct {
        Pod    *REST
        Status *StatusREST
        Exec   *ExecREST
        Log    *LogREST
        Proxy  *ProxyREST
    }

    type REST struct {
        *genericregistry.Store
    }

    func NewStorage(optsGetter interface{}) PodStorage {
        store := &genericregistry.Store{
            NewFunc:     func() runtime.Object { return &api.Pod{} },
            NewListFunc: func() runtime.Object { return &api.PodList{} },
            Resource:    "pods",
        }
        statusStore := *store
        return PodStorage{
            Pod:    &REST{store},
            Status: &StatusREST{store: &statusStore},
            Exec:   &ExecREST{store: store},
            Log:    &LogREST{store: store},
            Proxy:  &ProxyREST{store: store},
        }
    }

    // pods are in the "all" category and answer to "po"
    func (r *REST) ShortNames() []string { return []string{"po"} }
    func (r *REST) Categories() []string { return []string{"all"} }

    // StatusREST holds the store in a field: only what it declares counts.
    type StatusREST struct {
        store *genericregistry.Store
    }

    func (r *StatusREST) New() runtime.Object { return &api.Pod{} }
    func (r *StatusREST) Get(ctx rest.Context, name string, options *rest.GetOptions) (runtime.Object, error) {
        return r.store.Get(ctx, name, options)
    }
    func (r *StatusREST) Update(ctx rest.Context, name string, objInfo rest.UpdatedObjectInfo) (runtime.Object, bool, error) {
        return r.store.Update(ctx, name, objInfo)
    }

    type ExecREST struct {
        store *genericregistry.Store
    }

    func (r *ExecREST) New() runtime.Object { return &api.Pod{} }
    func (r *ExecREST) Connect(ctx rest.Context, name string, opts runtime.Object, responder rest.Responder) (http.Handler, error) {
        return nil, nil
    }
    func (r *ExecREST) NewConnectOptions() (runtime.Object, bool, string) { return nil, false, "" }
    func (r *ExecREST) ConnectMethods() []string                          { return []string{"GET", "POST"} }

    // LogREST is a GetterWithOptions: "get" without being a Getter, so no "patch"
    type LogREST struct {
        store *genericregistry.Store
    }

    func (r *LogREST) New() runtime.Object { return &api.Pod{} }
    func (r *LogREST) Get(ctx rest.Context, name string, opts runtime.Object) (runtime.Object, error) {
        return nil, nil
    }
    func (r *LogREST) NewGetOptions() (runtime.Object, bool, string) { return nil, true, "path" }

    // ProxyREST: a connecter whose Get has the wrong signature for rest.Getter
    type ProxyREST struct {
        store *genericregistry.Store
    }

    func (r *ProxyREST) New() runtime.Object { return &api.Pod{} }
    func (r *ProxyREST) Get(ctx rest.Context, name string) (runtime.Object, error) { return nil, nil }
    func (r *ProxyREST) Connect(ctx rest.Context, id string, opts runtime.Object, responder rest.Responder) (http.Handler, error) {
        return nil, nil
    }
    func (r *ProxyREST) NewConnectOptions() (runtime.Object, bool, string) { return nil, true, "path" }
    func (r *ProxyREST) ConnectMethods() []string                          { return []string{"GET"} }

    var _ = url.URL{}
"""

NODE_STORAGE = """
    package storage

    import (
        "net/http"
        "net/url"

        "k8s.io/apimachinery/pkg/runtime"
        genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
        "k8s.io/apiserver/pkg/registry/rest"
        api "k8s.io/kubernetes/pkg/apis/core"
    )

    type REST struct {
        *genericregistry.Store
    }

    func NewREST(optsGetter interface{}) *REST {
        store := &genericregistry.Store{
            NewFunc:     func() runtime.Object { return &api.Node{} },
            NewListFunc: func() runtime.Object { return &api.NodeList{} },
        }
        return &REST{store}
    }

    // a Redirector: discovery lists "proxy"
    func (r *REST) ResourceLocation(ctx rest.Context, id string) (*url.URL, http.RoundTripper, error) {
        return nil, nil, nil
    }

    func (r *REST) ShortNames() []string { return []string{"no"} }

    // FinalizeREST updates only: an Updater that is no Getter is no Patcher either
    type FinalizeREST struct {
        store *genericregistry.Store
    }

    func (r *FinalizeREST) New() runtime.Object { return &api.Node{} }
    func (r *FinalizeREST) Update(ctx rest.Context, name string, objInfo rest.UpdatedObjectInfo) (runtime.Object, bool, error) {
        return nil, false, nil
    }
"""

CORE_TYPES = """
    package core

    const GroupName = ""

    type Pod struct{}
    type PodList struct{}
    type Node struct{}
    type NodeList struct{}
"""

STORAGE_CORE = """
    package rest

    import (
        "k8s.io/apiserver/pkg/registry/rest"
        genericapiserver "k8s.io/apiserver/pkg/server"
        "k8s.io/kubernetes/pkg/api/legacyscheme"
        api "k8s.io/kubernetes/pkg/apis/core"
        nodestore "k8s.io/kubernetes/pkg/registry/core/node/storage"
        podstore "k8s.io/kubernetes/pkg/registry/core/pod/storage"
    )

    type LegacyRESTStorageProvider struct {
        StorageFactory interface{}
    }

    func (c LegacyRESTStorageProvider) NewLegacyRESTStorage(restOptionsGetter interface{}) (int, genericapiserver.APIGroupInfo, error) {
        apiGroupInfo := genericapiserver.APIGroupInfo{
            VersionedResourcesStorageMap: map[string]map[string]rest.Storage{},
        }
        podStorage := podstore.NewStorage(restOptionsGetter)
        nodeStorage := nodestore.NewREST(restOptionsGetter)

        restStorageMap := map[string]rest.Storage{
            "pods":        podStorage.Pod,
            "pods/status": podStorage.Status,
            "pods/exec":   podStorage.Exec,
            "pods/log":    podStorage.Log,
            "pods/proxy":  podStorage.Proxy,
            "nodes":       nodeStorage,
            "nodes/finalize": &nodestore.FinalizeREST{},
        }
        if legacyscheme.Registry.IsEnabledVersion(widgets.SchemeGroupVersion) {
            restStorageMap["podTemplates"] = podStorage.Pod
        }
        apiGroupInfo.VersionedResourcesStorageMap["v1"] = restStorageMap
        return 0, apiGroupInfo, nil
    }

    func (c LegacyRESTStorageProvider) GroupName() string {
        return api.GroupName
    }
"""

WIDGET_TYPES = """
    package widgets

    import "k8s.io/apimachinery/pkg/runtime/schema"

    const GroupName = "widgets.example.io"

    var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1"}
    var AlphaGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1alpha1"}

    type Widget struct{}
    type WidgetList struct{}
    type Gadget struct{}
    type Scale struct{}
"""

WIDGET_STORAGE = """
    package storage

    import (
        "k8s.io/apimachinery/pkg/runtime"
        "k8s.io/apimachinery/pkg/runtime/schema"
        genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
        "k8s.io/apiserver/pkg/registry/rest"
        "k8s.io/kubernetes/pkg/apis/widgets"
    )

    type REST struct {
        *genericregistry.Store
    }

    func NewREST(optsGetter interface{}) (*REST, *ScaleREST) {
        store := &genericregistry.Store{
            NewFunc:     func() runtime.Object { return &widgets.Widget{} },
            NewListFunc: func() runtime.Object { return &widgets.WidgetList{} },
        }
        return &REST{store}, &ScaleREST{store: store}
    }

    // ScaleREST's kind depends on the group version it is served in
    type ScaleREST struct {
        store *genericregistry.Store
    }

    func (r *ScaleREST) GroupVersionKind(containingGV schema.GroupVersion) schema.GroupVersionKind {
        switch containingGV {
        case widgets.SchemeGroupVersion:
            return widgets.SchemeGroupVersion.WithKind("Scale")
        default:
            return schema.GroupVersion{Group: "autoscaling", Version: "v1"}.WithKind("Scale")
        }
    }
    func (r *ScaleREST) New() runtime.Object { return &widgets.Scale{} }
    func (r *ScaleREST) Get(ctx rest.Context, name string, options *rest.GetOptions) (runtime.Object, error) {
        return nil, nil
    }
    func (r *ScaleREST) Update(ctx rest.Context, name string, objInfo rest.UpdatedObjectInfo) (runtime.Object, bool, error) {
        return nil, false, nil
    }

    // GadgetREST is stored by value: its pointer-receiver Create is not in the method set of
    // GadgetREST, so it is not a Creater; its value-receiver Get is there.
    type GadgetREST struct{}

    func (r GadgetREST) New() runtime.Object { return &widgets.Gadget{} }
    func (r GadgetREST) Get(ctx rest.Context, name string, options *rest.GetOptions) (runtime.Object, error) {
        return nil, nil
    }
    func (r *GadgetREST) Create(ctx rest.Context, obj runtime.Object, createValidation rest.ValidateObjectFunc, includeUninitialized bool) (runtime.Object, error) {
        return nil, nil
    }
"""

WIDGET_PROVIDER = """
    package rest

    import (
        "k8s.io/apiserver/pkg/registry/rest"
        genericapiserver "k8s.io/apiserver/pkg/server"
        serverstorage "k8s.io/apiserver/pkg/server/storage"
        "k8s.io/kubernetes/pkg/apis/widgets"
        widgetstore "k8s.io/kubernetes/pkg/registry/widgets/widget/storage"
    )

    type RESTStorageProvider struct {
        Authorizer interface{}
    }

    func (p RESTStorageProvider) NewRESTStorage(apiResourceConfigSource serverstorage.APIResourceConfigSource, restOptionsGetter interface{}) (genericapiserver.APIGroupInfo, bool) {
        apiGroupInfo := genericapiserver.NewDefaultAPIGroupInfo(widgets.GroupName)
        if apiResourceConfigSource.AnyResourcesForVersionEnabled(widgets.SchemeGroupVersion) {
            apiGroupInfo.VersionedResourcesStorageMap[widgets.SchemeGroupVersion.Version] = p.storage(widgets.SchemeGroupVersion, apiResourceConfigSource, restOptionsGetter)
        }
        if apiResourceConfigSource.AnyResourcesForVersionEnabled(widgets.AlphaGroupVersion) {
            apiGroupInfo.VersionedResourcesStorageMap[widgets.AlphaGroupVersion.Version] = p.storage(widgets.AlphaGroupVersion, apiResourceConfigSource, restOptionsGetter)
        }
        return apiGroupInfo, true
    }

    func (p RESTStorageProvider) storage(version schema.GroupVersion, apiResourceConfigSource serverstorage.APIResourceConfigSource, restOptionsGetter interface{}) map[string]rest.Storage {
        storage := map[string]rest.Storage{}
        // names built in a loop, and one resource the configuration disables
        for _, resource := range []string{"widgets", "sprockets"} {
            if apiResourceConfigSource.ResourceEnabled(version.WithResource(resource)) {
                widgetStorage, scaleStorage := widgetstore.NewREST(restOptionsGetter)
                storage[resource] = widgetStorage
                storage[resource+"/scale"] = scaleStorage
            }
        }
        storage["gadgets"] = widgetstore.GadgetREST{}
        return storage
    }

    func (p RESTStorageProvider) GroupName() string {
        return widgets.GroupName
    }
"""

MASTER = """
    package master

    import (
        "k8s.io/apimachinery/pkg/runtime/schema"
        serverstorage "k8s.io/apiserver/pkg/server/storage"
        "k8s.io/kubernetes/pkg/apis/widgets"
        corerest "k8s.io/kubernetes/pkg/registry/core/rest"
        widgetsrest "k8s.io/kubernetes/pkg/registry/widgets/rest"
    )

    type RESTStorageProvider interface {
        GroupName() string
    }

    type completedConfig struct {
        StorageFactory interface{}
    }

    func (c completedConfig) New(delegationTarget interface{}) error {
        legacyRESTStorageProvider := corerest.LegacyRESTStorageProvider{
            StorageFactory: c.StorageFactory,
        }
        _ = legacyRESTStorageProvider
        restStorageProviders := []RESTStorageProvider{
            widgetsrest.RESTStorageProvider{Authorizer: c.StorageFactory},
        }
        _ = restStorageProviders
        return nil
    }

    func DefaultAPIResourceConfigSource() *serverstorage.ResourceConfig {
        ret := serverstorage.NewResourceConfig()
        ret.EnableVersions(schema.GroupVersion{Version: "v1"}, widgets.SchemeGroupVersion)
        ret.DisableResources(widgets.SchemeGroupVersion.WithResource("sprockets"))
        return ret
    }
"""

TREE = {
    "staging/src/k8s.io/apimachinery/pkg/runtime/types.go": RUNTIME,
    "staging/src/k8s.io/apimachinery/pkg/runtime/schema/group_version.go": SCHEMA,
    "staging/src/k8s.io/apimachinery/pkg/util/sets/string.go": SETS,
    "staging/src/k8s.io/apimachinery/pkg/apimachinery/announced/group_factory.go": ANNOUNCED,
    "staging/src/k8s.io/apiserver/pkg/registry/rest/rest.go": REST,
    "staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go": STORE,
    "staging/src/k8s.io/apiserver/pkg/server/genericapiserver.go": SERVER,
    "staging/src/k8s.io/apiserver/pkg/server/storage/resource_config.go": RESOURCE_CONFIG,
    "staging/src/k8s.io/apiserver/pkg/endpoints/installer.go": ENDPOINTS,
    "staging/src/k8s.io/apiserver/pkg/endpoints/discovery/util.go": DISCOVERY,
    "pkg/api/legacyscheme/scheme.go": LEGACYSCHEME,
    "pkg/apis/core/types.go": CORE_TYPES,
    "pkg/apis/core/install/install.go": install(
        "core.GroupName", '"Node"', 'v1.SchemeGroupVersion.Version: nil,',
        '"k8s.io/kubernetes/pkg/apis/core"\n            v1 "k8s.io/kubernetes/pkg/apis/core/v1"',
    ),
    "pkg/apis/core/v1/register.go": """
        package v1

        import "k8s.io/apimachinery/pkg/runtime/schema"

        var SchemeGroupVersion = schema.GroupVersion{Group: "", Version: "v1"}
    """,
    "pkg/apis/widgets/types.go": WIDGET_TYPES,
    "pkg/apis/widgets/install/install.go": install(
        "widgets.GroupName", '"Gadget"', '"v1": nil,\n                    "v1alpha1": nil,', '"k8s.io/kubernetes/pkg/apis/widgets"',
    ),
    "pkg/registry/core/pod/storage/storage.go": POD_STORAGE,
    "pkg/registry/core/node/storage/storage.go": NODE_STORAGE,
    "pkg/registry/core/rest/storage_core.go": STORAGE_CORE.replace(
        'nodestore "k8s', '"k8s.io/kubernetes/pkg/apis/widgets"\n        nodestore "k8s'
    ),
    "pkg/registry/widgets/widget/storage/storage.go": WIDGET_STORAGE,
    "pkg/registry/widgets/rest/storage_widgets.go": WIDGET_PROVIDER.replace(
        'genericapiserver "k8s', '"k8s.io/apimachinery/pkg/runtime/schema"\n        genericapiserver "k8s'
    ),
    "pkg/master/master.go": MASTER,
}
# the interface the widget provider takes is declared next to ResourceConfig, as in the real tree
TREE["staging/src/k8s.io/apiserver/pkg/server/storage/resource_config.go"] = RESOURCE_CONFIG + """
    type APIResourceConfigSource interface {
        ResourceEnabled(resource schema.GroupVersionResource) bool
        AnyResourcesForVersionEnabled(version schema.GroupVersion) bool
    }
"""

CRUD = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")


@pytest.fixture(scope="module")
def fixture_tree(tmp_path_factory: pytest.TempPathFactory):
    root = write_tree(tmp_path_factory.mktemp("resources"), TREE)
    return root, build_index(root, "fixture", workers=1)


@pytest.fixture(scope="module")
def served(fixture_tree) -> ServedResources:
    root, index = fixture_tree
    return api_resources(index, root)


def by_name(served: ServedResources, group_version: str) -> dict[str, APIResource]:
    return {r.name: r for r in served.lists[group_version]}


def test_store_embedding_rest_has_every_crud_verb_short_names_and_categories(served: ServedResources) -> None:
    # *REST embeds *genericregistry.Store: all of Store's pointer methods are promoted; kind from NewFunc's &api.Pod{}
    pods = by_name(served, "v1")["pods"]
    assert pods == APIResource("pods", "", True, "Pod", CRUD, ("po",), ("all",))


def test_status_subresource_gets_only_what_it_declares(served: ServedResources) -> None:
    # Get (a Getter) + Update (an Updater) = Patcher too; the store held in a field promotes nothing
    assert by_name(served, "v1")["pods/status"] == APIResource("pods/status", "", True, "Pod", ("get", "patch", "update"))


def test_connecter_verbs_are_not_listed(served: ServedResources) -> None:
    # toDiscoveryKubeVerb["CONNECT"] == "": a pure connecter has no discovery verbs
    resources = by_name(served, "v1")
    assert resources["pods/exec"].verbs == ()
    # ProxyREST's Get(ctx, name) is not rest.Getter's signature: still nothing
    assert resources["pods/proxy"].verbs == ()
    # a GetterWithOptions gets "get", and is no Patcher (not a Getter, no Update)
    assert resources["pods/log"].verbs == ("get",)


def test_redirector_lists_proxy_and_root_scoped_kinds_are_not_namespaced(served: ServedResources) -> None:
    nodes = by_name(served, "v1")["nodes"]
    assert nodes.verbs == tuple(sorted((*CRUD, "proxy")))
    assert nodes.namespaced is False and nodes.short_names == ("no",)


def test_update_only_subresource_is_no_patcher_and_takes_its_parents_scope(served: ServedResources) -> None:
    assert by_name(served, "v1")["nodes/finalize"] == APIResource("nodes/finalize", "", False, "Node", ("update",))


def test_storage_map_keys_are_lowercased_and_registry_checks_are_read(served: ServedResources) -> None:
    # "podTemplates" is added behind legacyscheme.Registry.IsEnabledVersion(widgets v1): the
    # widgets install package announces v1, so it is enabled; the key is lowercased
    names = [r.name for r in served.lists["v1"]]
    assert names == ["nodes", "nodes/finalize", "pods", "pods/exec", "pods/log", "pods/proxy", "pods/status", "podtemplates"]


def test_group_provider_follows_the_resource_config(served: ServedResources) -> None:
    # widgets v1 is enabled, sprockets disabled; v1alpha1 is off by default
    assert "widgets.example.io/v1alpha1" not in served.lists
    names = [r.name for r in served.lists["widgets.example.io/v1"]]
    assert names == ["gadgets", "widgets", "widgets/scale"]


def test_group_version_kind_provider_sets_group_version_and_kind(served: ServedResources) -> None:
    scale = by_name(served, "widgets.example.io/v1")["widgets/scale"]
    # the switch on the containing group version picks widgets v1; the scope is that of the parent (Widget)
    assert scale == APIResource("widgets/scale", "", True, "Scale", ("get", "patch", "update"), group="widgets.example.io", version="v1")
    assert list(scale.to_json()) == ["name", "singularName", "namespaced", "group", "version", "kind", "verbs"]


def test_value_storage_has_the_value_method_set(served: ServedResources) -> None:
    # GadgetREST{} by value: (*GadgetREST).Create is not in its method set; Gadget is root scoped
    assert by_name(served, "widgets.example.io/v1")["gadgets"] == APIResource("gadgets", "", False, "Gadget", ("get",))


def test_enabled_alpha_version_is_served(fixture_tree) -> None:
    root, index = fixture_tree
    served = api_resources(index, root, enable=("widgets.example.io/v1alpha1",))
    alpha = by_name(served, "widgets.example.io/v1alpha1")
    # sprockets is disabled only in v1; in v1alpha1 the scale kind falls to the switch's default
    assert sorted(alpha) == ["gadgets", "sprockets", "sprockets/scale", "widgets", "widgets/scale"]
    assert (alpha["widgets/scale"].group, alpha["widgets/scale"].version) == ("autoscaling", "v1")


def test_json_shape_and_envelope(served: ServedResources) -> None:
    pods = by_name(served, "v1")["pods"].to_json()
    assert list(pods) == ["name", "singularName", "namespaced", "kind", "verbs", "shortNames", "categories"]
    assert list(by_name(served, "v1")["pods/status"].to_json()) == ["name", "singularName", "namespaced", "kind", "verbs"]
    # keepUnversioned: the core group's list has no apiVersion, the others have "v1"
    assert "apiVersion" not in served.to_json("v1")
    assert served.to_json("widgets.example.io/v1")["apiVersion"] == "v1"


def test_what_is_missing_is_a_note_not_a_guess(served: ServedResources) -> None:
    # the other servers of the chain are not in this tree: said so
    assert any("apiextensions-apiserver" in n and "not in this tree" in n for n in served.notes)


def test_real_tree_resources(real_index) -> None:
    """A few entries of the real tree, each compared with the source it comes from."""
    root, index = real_index
    served = api_resources(index, root)
    core = by_name(served, "v1")
    # pkg/registry/core/pod/storage/storage.go: REST embeds *genericregistry.Store (all CRUD verbs),
    # declares ResourceLocation (a rest.Redirector: "proxy"), ShortNames() []string{"po"},
    # Categories() []string{"all"}; Pod is not in core's RootScopedKinds (pkg/apis/core/install/install.go)
    assert core["pods"] == APIResource("pods", "", True, "Pod", tuple(sorted((*CRUD, "proxy"))), ("po",), ("all",))
    # pkg/registry/core/pod/rest/subresources.go: ExecREST is a rest.Connecter only (ConnectMethods
    # returns upgradeableMethods, GET and POST); CONNECT maps to "" in installer.go's toDiscoveryKubeVerb
    assert core["pods/exec"].verbs == ()
    # pkg/registry/core/service/rest.go: REST.ShortNames() returns []string{"svc"}; it is a Redirector: "proxy"
    assert core["services"].short_names == ("svc",)
    assert "proxy" in core["services"].verbs
    # pkg/registry/core/node/storage/storage.go: REST.ResourceLocation makes it a Redirector; Node is root scoped
    assert core["nodes"].namespaced is False and "proxy" in core["nodes"].verbs
    # pkg/registry/core/pod/storage/eviction.go: EvictionREST.GroupVersionKind returns policy/v1beta1 Eviction
    assert (core["pods/eviction"].group, core["pods/eviction"].version, core["pods/eviction"].kind) == ("policy", "v1beta1", "Eviction")
    # staging/src/k8s.io/apiextensions-apiserver/.../customresourcedefinition/etcd.go: ShortNames []string{"crd"}
    assert by_name(served, "apiextensions.k8s.io/v1beta1")["customresourcedefinitions"].short_names == ("crd",)

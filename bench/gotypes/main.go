// Command gotypes lists every call site of the given packages with the callee that Go's own
// type checker determines, in the format of `k8s-reader calls`, so the reader's pure-Python
// resolution can be scored against go/types (bench/accuracy.py).  Developer tool only: the
// reader itself never runs Go.
//
//	GO111MODULE=off GOPATH=<dir with src/k8s.io/kubernetes> CGO_ENABLED=0 go run . IMPORTPATH...
package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
)

const repo = "k8s.io/kubernetes/"

func main() {
	ctx := build.Default
	ctx.CgoEnabled = false
	ctx.GOOS, ctx.GOARCH = "linux", "amd64"
	build.Default = ctx
	fset := token.NewFileSet()
	imp := &tolerant{fset: fset, ctx: &ctx, done: map[string]*types.Package{}}
	root := filepath.Join(ctx.GOPATH, "src", "k8s.io", "kubernetes")
	fmt.Println("file\tline\tcol\tcallee_id\tkind")
	for _, path := range os.Args[1:] {
		bp, err := ctx.Import(vendorPath(path), root, 0)
		if err != nil {
			fmt.Fprintln(os.Stderr, "import", path, err)
			os.Exit(1)
		}
		var files []*ast.File
		for _, name := range bp.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(bp.Dir, name), nil, 0)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			files = append(files, f)
		}
		info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Types: map[ast.Expr]types.TypeAndValue{}}
		conf := types.Config{Importer: imp, Error: func(err error) { fmt.Fprintln(os.Stderr, "type error:", err) }}
		conf.Check(bp.ImportPath, fset, files, info)
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				id, kind := callee(info, call)
				if id == "" {
					return true
				}
				pos := fset.Position(call.Pos())
				fmt.Printf("%s\t%d\t%d\t%s\t%s\n", relative(root, pos.Filename), pos.Line, pos.Column, id, kind)
				return true
			})
		}
	}
}

// tolerant type-checks imported packages from source and, unlike the "source" importer, keeps
// going past errors: the v1.9.9 mirror lacks one 4 MiB generated file, and a package that
// imports it should still type-check everything else.
type tolerant struct {
	fset *token.FileSet
	ctx  *build.Context
	done map[string]*types.Package
}

func (t *tolerant) Import(path string) (*types.Package, error) { return t.ImportFrom(path, "", 0) }

func (t *tolerant) ImportFrom(path, dir string, _ types.ImportMode) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	bp, err := t.ctx.Import(path, dir, 0)
	if err != nil && bp.Dir == "" {
		return types.NewPackage(path, filepath.Base(path)), nil // missing: an empty package
	}
	if pkg, ok := t.done[bp.ImportPath]; ok {
		return pkg, nil
	}
	var files []*ast.File
	for _, name := range bp.GoFiles {
		if f, err := parser.ParseFile(t.fset, filepath.Join(bp.Dir, name), nil, 0); err == nil {
			files = append(files, f)
		}
	}
	conf := types.Config{Importer: t, Error: func(error) {}, FakeImportC: true}
	pkg, _ := conf.Check(bp.ImportPath, t.fset, files, nil)
	t.done[bp.ImportPath] = pkg
	return pkg, nil
}

func vendorPath(path string) string {
	if strings.HasPrefix(path, repo) {
		return path
	}
	return repo + "vendor/" + path
}

// callee: the function or method object a call statically refers to, as a reader symbol id.
func callee(info *types.Info, call *ast.CallExpr) (string, string) {
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return "", "" // a conversion
	}
	var obj types.Object
	switch fun := unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = info.Uses[fun]
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[fun]; ok {
			if sel.Kind() == types.FieldVal {
				return "", ""
			}
			obj = sel.Obj()
		} else {
			obj = info.Uses[fun.Sel]
		}
	}
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", ""
	}
	pkg := strip(fn.Pkg().Path())
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return pkg + "." + fn.Name(), "func"
	}
	recv := sig.Recv().Type()
	star := ""
	if p, ok := recv.(*types.Pointer); ok {
		star, recv = "*", p.Elem()
	}
	named, ok := recv.(*types.Named)
	if !ok {
		return "", "" // method of an unnamed interface
	}
	kind := "method"
	if types.IsInterface(named) {
		kind = "interface"
	}
	return fmt.Sprintf("%s.(%s%s).%s", pkg, star, named.Obj().Name(), fn.Name()), kind
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

func strip(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return path
}

func relative(root, file string) string {
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return file
	}
	if strings.HasPrefix(rel, "vendor/k8s.io/") {
		parts := strings.SplitN(rel, "/", 3)
		return "staging/src/k8s.io/" + parts[2]
	}
	return rel
}

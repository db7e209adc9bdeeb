"""The lab page: how the real v1.9.9 is built and run here, and what it answered when the site was built.

Everything it shows comes from somewhere that can be checked: the build steps from the lab's
recipe (reader/lab/recipe.json) and its patches, the makefile and script excerpts cut from the
tree at build time, the package count from the same rule openapi-gen's caller uses, and the
answers and comparison results from the running binaries (OracleReport), or the reason there are none.
"""

from __future__ import annotations

import html
import re
from functools import partial

from pygments.lexers import BashLexer, DiffLexer, MakefileLexer

from reader import settings
from reader.errors import ReaderError
from reader.lab.differential import ALLOWED, LEFT_OUT, Kind
from reader.lab.models import load_recipe
from reader.lab.openapi import openapi_dirs
from reader.lab.oracle import OracleReport
from reader.parse import line_starts
from reader.render.highlight import highlight
from reader.render.pages import Renderer, copy_text_attribute
from reader.render.urls import permalink

PAGE = "lab.md"


class LabPage:
    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer
        self.oracle: OracleReport | None = renderer.src.oracle

    def render(self) -> dict[str, str]:
        return {PAGE: self.page()}

    def page(self) -> str:
        recipe = load_recipe()
        dirs = openapi_dirs(self.r.src.root)
        ldflags = recipe.ldflags(settings.UPSTREAM_TAG, settings.UPSTREAM_COMMIT)
        parts = [
            "# 实验室：在本机运行真实的 v1.9.9\n",
            "本站的每个复刻都要和真实程序比一比：同一份 v1.9.9 源码编译出的 kube-apiserver、kube-scheduler、"
            "kube-controller-manager，在回环地址上跑起来，和复刻吃同样的参数、回答同样的请求。两边都是我们写的"
            "（复刻和从源码抽取的事实）时，它们可能一起错；真实程序是第三方，它说了算。\n",
            "```sh\nk8s-reader lab build      # 编译三个组件（首次约 3 分钟，之后不到 1 秒）\n"
            "k8s-reader lab up         # etcd + kube-apiserver，Ctrl-C 全部停止\n"
            "k8s-reader lab up --with scheduler,controller-manager\n"
            "k8s-reader lab compare    # 复刻与真实 kube-apiserver 逐例对照，打印每个不一致的用例\n```\n",
            "## lab build 做了什么\n",
            "发布版的二进制由 `make` 经 `hack/make-rules/build.sh` 构建。实验室把其中与这三个组件有关的部分"
            "拆成四步，每一步都缓存：\n",
            "### 1. 一份构建副本（GOPATH 模式）\n",
            "v1.9.9 早于 Go modules：它假定源码在 `$GOPATH/src/k8s.io/kubernetes`，依赖全部在 `vendor/` 里，"
            "`k8s.io/client-go` 这样的仓库是 `vendor/k8s.io/` 下指向 `staging/src/` 的符号链接。"
            f"实验室把缓存中的源码树复制到这样的目录里再编译（环境变量 {_env(recipe.go_env)}），"
            "缓存里的克隆从不被改动——下面的补丁和生成的文件只进入副本。\n",
            "### 2. 生成 OpenAPI 定义（openapi-gen）\n",
            "`pkg/generated/openapi/zz_generated.openapi.go` 不在 git 里，而 kube-apiserver 要 import 它。"
            "`Makefile.generated_files` 的 `gen_openapi` 规则先找出所有带 `+k8s:openapi-gen=` 标签的包，"
            "再用 vendor 里的 openapi-gen 生成这一个文件。注意它用 `grep -l` 找标签：`=false` 的包也被选中，"
            "由 openapi-gen 自己读标签的值决定跳过：\n",
            self._excerpt("Makefile.generated_files", r"^OPENAPI_DIRS := ", r"^$", MakefileLexer()),
            self._excerpt("Makefile.generated_files", r"^\$\(OPENAPI_OUTFILE\): \$\(OPENAPI_GEN\)", r"^$", MakefileLexer()),
            f"在这棵树上，这条规则选出 **{len(dirs)}** 个包（`reader/lab/openapi.py` 按同样的三步重做了"
            "`ALL_GO_DIRS`、`ALL_K8S_TAG_FILES` 与 `OPENAPI_DIRS`）：\n",
            '<details><summary>openapi-gen 的输入包</summary>\n\n' + "\n".join(f"- `{d}`" for d in dirs) + "\n\n</details>\n",
            "### 3. 补丁：只为今天的 Go\n",
            "v1.9.9 是用 go1.9.3 发布的。今天的 Go 能编译它，但有一处会在运行时出错，所以实验室带着一个补丁，"
            "只打在构建副本上：\n",
            *(self._patch(p) for p in recipe.patches),
            "### 4. 带版本信息编译\n",
            "`go build` 本身不知道版本号：`pkg/version` 里的变量是占位符，发布构建用 `-ldflags -X` 在链接时写入，"
            "并且对 client-go 的同名包再写一遍（`hack/lib/version.sh`）：\n",
            self._excerpt("hack/lib/version.sh", r"^kube::version::ldflag\(\) \{", r"^\}", BashLexer()),
            f"实验室写入的是 v1.9.9 发布版报告的值（提交为上游 `{settings.UPSTREAM_COMMIT}`）：\n",
            f"```\n{ldflags.replace(' -X', chr(10) + '-X')}\n```\n",
            "二进制按“源码提交 + Go 版本 + 构建配方指纹”缓存在实验室目录（默认 `~/.cache/k8s-reader/lab`，"
            f"或 `${settings.LAB_ENV}`）。编译失败时报告第一条编译错误和日志路径，缓存里不留半成品。\n",
            "## lab up 启动了什么\n",
            "- **etcd**（PATH 上的 `etcd`，例如 Debian 的 `etcd-server`）：客户端与 peer 端口都是空闲的回环端口，数据放在一次性的运行目录里；\n"
            "- **kube-apiserver**：`--etcd-servers` 指向这个 etcd，`--insecure-bind-address=127.0.0.1 --insecure-port=<--port，默认 8080>`，"
            "`--secure-port=0`，`--cert-dir` 指向运行目录（否则它会把自签名证书写进 `/var/run/kubernetes`——即使安全端口关闭，"
            "`defaultOptions` 里的 `MaybeDefaultWithSelfSignedCerts` 也照样生成）；等到 `/healthz` 回答 `ok`；\n"
            "- 可选 **kube-scheduler**、**kube-controller-manager**：`--master` 指向上面的地址，`--address=127.0.0.1`，各自一个空闲端口。\n",
            "日志写在运行目录的 `logs/` 下。Ctrl-C 或 SIGTERM 会停止所有子进程并删除 etcd 数据（`--keep` 保留）；"
            "某个进程意外退出时，报告它的日志末尾并停止其他进程；即使 k8s-reader 自己被 SIGKILL，子进程也会随之结束"
            "（Linux 的 `PR_SET_PDEATHSIG`）。\n",
            self._samples(),
            self._comparison(),
            "## 真实程序教会我们的事\n",
            "第一次把复刻放到真实程序旁边，逐字节的比较找出了一串只读源码时容易看漏的行为。它们现在都被复刻照做，"
            "也都在上面的对照里：\n",
            "- `--logtostderr` 的默认值是 **true**，不是 glog 注册时写的 false：`k8s.io/apiserver/pkg/util/logs` 的 `init` "
            "先执行了 `flag.Set(\"logtostderr\", \"true\")`，之后 `InitFlags` 才把 Go 的 flag 交给 pflag，而 pflag 取的是那一刻的值。"
            "facts 阶段的解释器现在也执行这句 `flag.Set`，参数表因此跟着改正。\n"
            "- 启动日志第一行是 `Version: v1.9.9`：`version.Info` 有 `String()` 方法，`%+v` 调用的是它，而不是逐字段打印。\n"
            "- 即使 `--secure-port=0`，`defaultOptions` 也会在 `--cert-dir` 里生成自签名证书；随后打印一条关于 "
            "AnonymousAuth 与 AlwaysAllow 授权的警告并把匿名访问关掉。\n"
            "- 发布版用 go1.9.3 编译，它的 `time.ParseDuration` 报错不带引号（`time: unknown unit x in duration 1x`）；今天的 Go 会加引号。\n"
            "- 404 不止一种：go-restful 的地盘里是 JSON 的 `Status`，链尾是 apiextensions 列出的路径，CRD 前缀下是纯文本。\n"
            "- JSON 是否缩进取决于客户端（`?pretty=`，或 curl / Wget / 浏览器的 User-Agent）；缩进时，json-iterator 把空对象写成"
            "三行（`{`、一行空白、`}`），不是 `{}`。\n"
            "- 资源列表里的 `namespaced` 不来自各资源策略的 `NamespaceScoped()`，而来自组的 RESTMapper（install 包里的 "
            "`RootScopedKinds`）；只有 CONNECT 的子资源（如 `pods/exec`）动词表为空。这些列表由 `reader/facts/resources.py` 从源码读出。\n",
        ]
        return "\n".join(parts)

    # ------------------------------------------------------------ pieces

    def _excerpt(self, path: str, first: str, last: str, lexer: object) -> str:
        """Lines of a non-Go file of the tree, from the line matching `first` to the next matching `last`."""
        try:
            data = self.r.src.source(path)
        except OSError:
            return f'!!! warning "`{path}` 不在这棵源码树里"\n    这里本该是它的一段摘录；本站构建自的树缺少这个文件。\n'
        lines = data.decode().splitlines()
        start = next((i for i, line in enumerate(lines) if re.search(first, line)), None)
        if start is None:
            raise ReaderError(f"{path}: no line matches {first!r}; is this tree v1.9.9? (the lab page cuts its excerpt there)")
        end = next((i for i in range(start + 1, len(lines)) if re.search(last, lines[i])), len(lines) - 1)
        end -= 1 if lines[end].strip() == "" else 0
        starts = line_starts(data)
        cut = starts[start], starts[end + 1] if end + 1 < len(starts) else len(data)
        body = highlight(data, *cut, start + 1, [], line_id=partial(self.r.line_anchors[PAGE].claim, path), lexer=lexer)
        link = permalink(path, start + 1, end + 1)
        title = f'<div class="k8s-code-title"><a href="{html.escape(link)}">{html.escape(path)}#L{start + 1}-L{end + 1}</a> · v1.9.9</div>'
        return f'<div class="k8s-excerpt" markdown="0"{copy_text_attribute(data, *cut)}>{title}{body}</div>\n'

    def _patch(self, patch) -> str:
        diff = patch.diff.encode()
        path = f"reader/lab/patches/{patch.file}"
        body = highlight(diff, 0, len(diff), 1, [], line_id=partial(self.r.line_anchors[PAGE].claim, path), lexer=DiffLexer())
        title = f'<div class="k8s-code-title">{html.escape(path)}</div>'
        return (f"**{html.escape(patch.title)}**\n\n{html.escape(patch.reason)}\n\n"
                f"上游的同一修复：<{patch.upstream}>\n\n<div class=\"k8s-excerpt\" markdown=\"0\"{copy_text_attribute(diff, 0, len(diff))}>{title}{body}</div>\n")  # fmt: skip

    def _samples(self) -> str:
        head = "## 真实的 v1.9.9 怎么回答\n"
        if self.oracle is None or not self.oracle.ran:
            return head + f'\n!!! note "构建本站时没有运行真实程序"\n    {html.escape(self.why_not())}\n'
        out = [head, f"下面是构建本站时，实验室里的 kube-apiserver（{html.escape(self.oracle.go_version)} 编译）对 curl 的回答：\n"]
        for sample in self.oracle.samples:
            out.append(f"```console\n$ {sample.command}\n{sample.output}\n```\n")
        return "\n".join(out)

    def _comparison(self) -> str:
        return "## 复刻与真实程序的对照\n\n" + oracle_summary(self.oracle) + "\n"

    def why_not(self) -> str:
        return self.oracle.why_not if self.oracle else "本站构建时没有查看实验室。"


def oracle_summary(oracle: OracleReport | None, component: str | None = None) -> str:
    """The verdict box for pages that show the comparison (of one binary, or of all): counts,
    differences, the allowed list."""
    if oracle is None or not oracle.ran:
        why = oracle.why_not if oracle else "本站构建时没有查看实验室"
        return f'!!! note "与真实 v1.9.9 二进制的对照：这次构建没有运行"\n    {html.escape(why)}\n'
    out = []
    kinds = [(Kind.COMMAND, f"{name} 命令行：退出码、stdout、stderr", name) for name in oracle.components() if component in (None, name)]
    kinds += [(Kind.HTTP, "kube-apiserver HTTP：状态、Content-Type、Location、正文", "kube-apiserver")] if component in (None, "kube-apiserver") else []
    kinds += [(Kind.REQUEST, "kube-apiserver 请求语料（reader/lab/requests/）：状态码与解析后的 JSON", "kube-apiserver")] if component in (None, "kube-apiserver") else []
    for kind, label, name in kinds:
        results = oracle.of(kind, name)
        if not results:
            continue
        different = [r for r in results if not r.equal]
        if not different:
            out.append(f'!!! success "与真实 v1.9.9 二进制一致 {len(results)}/{len(results)}：{label}"\n'
                       f"    同样的输入交给复刻和真实程序，逐字节相同（下面列出的允许差异除外）。\n")  # fmt: skip
        else:
            lines = "\n".join(f"    - `{html.escape(r.name)}` {html.escape(' '.join(r.args))}：{html.escape(r.difference or '')}" for r in different[:30])
            more = f"\n    - ……另有 {len(different) - 30} 处" if len(different) > 30 else ""
            out.append(f'!!! failure "与真实 v1.9.9 二进制一致 {len(results) - len(different)}/{len(results)}：{label}"\n'
                       f"    不一致的用例与第一处差异：\n\n{lines}{more}\n")  # fmt: skip
    allowed = "\n".join(f"    - **{html.escape(a.name)}**：{html.escape(a.reason)}" for a in ALLOWED)
    left_out = "\n".join(f"    - `{html.escape(k)}`：{html.escape(v)}" for k, v in LEFT_OUT.items())
    out.append(f'??? info "允许的差异（比较前两边都做同样的规范化），以及没有比较的部分"\n{allowed}\n{left_out}\n')
    return "\n".join(out)


def _env(env: dict[str, str]) -> str:
    return "、".join(f"`{k}={v}`" if v else f"`{k}=`" for k, v in env.items())


__all__ = ["LabPage", "oracle_summary"]

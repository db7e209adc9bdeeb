"""Replica pages: each Python replica beside the Go it mirrors, and the result of checking it
against the facts, computed when the site is built.

    replicas/index.md          every replica, what it mirrors, how it was checked
    replicas/<name>.md         the run command, the check, the Go ↔ Python steps, the whole source
"""

from __future__ import annotations

import html
import inspect
from functools import partial

from pygments.lexers import PythonLexer

from reader.facts.models import Step
from reader.parse import line_starts
from reader.render.highlight import highlight
from reader.render.lab import PAGE as LAB_PAGE
from reader.lab.differential import COMMAND_SUITES
from reader.render.lab import oracle_summary
from reader.render.pages import Renderer, copy_text_attribute
from reader.render.urls import relative
from reader.replicas import load, module_name, module_path, runnable
from reader.replicas.differences import CheckResult
from reader.replicas.steps import MirroredFunction, MirroredStep, mirrored_functions, mirrored_steps

_PYTHON = PythonLexer(stripnl=False, ensurenl=False)
# The replicas the lab compares with a real binary (reader/lab/differential.py), and which binary.
ORACLE_REPLICAS = {
    **{suite.replica: suite.component for suite in COMMAND_SUITES},
    "kube-apiserver/add_flags": "kube-apiserver", "kube-apiserver/server_chain": "kube-apiserver", "kube-apiserver/request": "kube-apiserver",
}


class ReplicaPages:
    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer
        self.index = renderer.index
        self.checks = [check for result in renderer.src.books.values() for check in result.checks]

    def render(self) -> dict[str, str]:
        pages = {f"replicas/{name}.md": self.page(name, f"replicas/{name}.md") for name in runnable()}
        pages["replicas/index.md"] = self.index_page()
        return pages

    # ------------------------------------------------------------ pages

    def index_page(self) -> str:
        rows = ["| 复刻 | 对照的 Go | 构建时核对 | 与真实二进制 |", "| --- | --- | --- | --- |"]
        for name in runnable():
            module = load(name)
            title = (module.__doc__ or name).strip().splitlines()[0]
            rows.append(f"| [`{name}`]({name}.md) | {html.escape(title)} | {self._summary(name)} | {self._oracle_cell(name)} |")
        intro = ("# 复刻\n\n每一步都有一个可以运行的 Python 复刻（`reader/replicas/`）。“构建时核对”是构建本站时"
                 "把复刻与从 v1.9.9 源码抽取的事实逐项比较的结果；“与真实二进制”是把同样的命令行和 HTTP 请求交给复刻与"
                 f"[实验室]({relative('replicas/index.md', LAB_PAGE)})里编译出的真实二进制（kube-apiserver、kube-scheduler、kube-controller-manager），逐字节比较的结果。\n\n")  # fmt: skip
        return intro + "\n".join(rows) + "\n"

    def page(self, name: str, page: str) -> str:
        module = load(name)
        doc = inspect.getdoc(module) or ""
        title, _, rest = doc.partition("\n")
        parts = [f"# 复刻：{name}\n", f"**{html.escape(title)}**\n", f'<pre class="k8s-doc">{html.escape(rest.strip())}</pre>\n',
                 f"运行：`k8s-reader replica {name}`（或 `python -m {module_name(name)}`）\n"]  # fmt: skip
        parts.append(self._check_section(name))
        if name in ORACLE_REPLICAS:
            parts.append(oracle_summary(self.r.src.oracle, ORACLE_REPLICAS[name]) + f"\n（对照的做法见[实验室]({relative(page, LAB_PAGE)})。）\n")
        source = inspect.getsource(module).encode()
        starts = line_starts(source)
        path = module_path(name)
        # rendered first, though shown last: the listing owns the replica's line anchors (the
        # pairs' Python repeats its lines without ids) and the file gets its plain base name
        listing = highlight(source, 0, len(source), 1, [], line_id=partial(self.r.line_anchors[page].claim, path), lexer=_PYTHON)
        steps = mirrored_steps(module)
        if steps:
            parts.append("## 逐步对照\n\n每一段 Python 上方是它所复刻的 Go 语句（行号链接到函数页上的那一行），左 Go 右 Python。\n")
            facts = self._facts_for(steps)
            parts.extend(self._pair(page, step, facts.get(step), path, source, starts) for step in steps)
        stepped = {step.python_function for step in steps}
        functions = [f for f in mirrored_functions(module) if f.python_function not in stepped]
        if functions:
            parts.append("## 函数对照\n\n每个 Python 函数与它复刻的 Go 函数并排，左 Go 右 Python。\n")
            parts.extend(self._function_pair(page, function, path, source, starts) for function in functions)
        parts.append(f'## 完整源码\n\n<div class="k8s-excerpt"{copy_text_attribute(source, 0, len(source))}><div class="k8s-code-title">{path} · Python</div>{listing}</div>\n')
        return "\n".join(parts)

    # ------------------------------------------------------------ pieces

    def _summary(self, name: str) -> str:
        mine = [c for c in self.checks if c.replica == name]
        if not mine:
            return "逐例测试（tests/），无对应的抽取事实"
        bad = sum(len(c.differences) for c in mine)
        total = sum(c.compared for c in mine)
        return f'<span class="k8s-ok">一致</span> {total} 项' if bad == 0 else f'<span class="k8s-bad">不一致</span> {bad} 处（共 {total} 项）'

    def _oracle_cell(self, name: str) -> str:
        oracle = self.r.src.oracle
        if name not in ORACLE_REPLICAS:
            return "—"
        if oracle is None or not oracle.ran:
            return f'<a href="{relative("replicas/index.md", LAB_PAGE)}">未运行</a>'
        results = [r for r in oracle.results if r.component == ORACLE_REPLICAS[name]]
        if not results:
            return f'<a href="{relative("replicas/index.md", LAB_PAGE)}">未运行</a>'
        equal = sum(r.equal for r in results)
        verdict = '<span class="k8s-ok">一致</span>' if equal == len(results) else '<span class="k8s-bad">不一致</span>'
        return f"{verdict} {equal}/{len(results)} 例"

    def _check_section(self, name: str) -> str:
        mine: list[CheckResult] = [c for c in self.checks if c.replica == name]
        if not mine:
            return '!!! note "核对"\n    这个复刻没有可以逐项比较的抽取事实；它的行为由 tests/ 中的用例逐条检验。\n'
        out = []
        for check in mine:
            if check.differences:
                lines = "\n".join(f"    - {html.escape(d)}" for d in check.differences)
                out.append(f'!!! failure "与 v1.9.9 不一致：{html.escape(check.what)}"\n    {len(check.differences)} 处（共比较 {check.compared} 项）：\n\n{lines}\n')
            else:
                out.append(f'!!! success "与 v1.9.9 一致：{html.escape(check.what)}"\n    构建本站时逐项比较了 {check.compared} 项，全部相同。\n')
        return "\n".join(out)

    def _facts_for(self, steps: list[MirroredStep]) -> dict[MirroredStep, Step]:
        """Each mirrored step's Go step: the n-th `if err != nil {` of a function is its n-th one."""
        pending: dict[tuple[str, str], list[Step]] = {}
        for fact in (s for result in self.r.src.books.values() for s in result.facts.steps):
            pending.setdefault((fact.function, fact.text), []).append(fact)
        out = {}
        after: dict[str, int] = {}  # the Go line the previous marker of a function was found on
        for step in sorted(steps, key=lambda s: (s.go_function, s.first_line)):
            queue = pending.get((step.go_function, step.text))
            if queue:
                out[step] = queue.pop(0)
            else:  # a function the facts do not list statements of: the marker's line in its source
                found = self._line_of(step, after.get(step.go_function, 0))
                if found is not None:
                    out[step] = found
            if step in out:
                after[step.go_function] = out[step].line
        return out

    def _line_of(self, step: MirroredStep, after: int) -> Step | None:
        """The first line after `after` of the Go function whose text is the marker's (stripped)."""
        symbol = self.index.symbols.get(step.go_function)
        if symbol is None:
            return None
        data = self.r.src.source(symbol.file)
        starts = line_starts(data)
        for line in range(max(symbol.span.line, after + 1), symbol.span.end_line + 1):
            end = starts[line] if line < len(starts) else len(data)
            if data[starts[line - 1] : end].decode("utf-8", "replace").strip() == step.text:
                return Step(step.go_function, -1, "line", line, line, step.text, (), (), ())
        return None

    def _listing_link(self, page: str, path: str, line: int) -> str:
        """A link to a line of the replica's listing at the foot of its page."""
        return f'<a href="#{self.r.line_anchors[page].target(path, line)}">{html.escape(path)}:{line}</a>'

    def _function_pair(self, page: str, function: MirroredFunction, path: str, source: bytes, starts: list[int]) -> str:
        symbol = self.index.symbols.get(function.go_function)
        if symbol is None:
            go = f'<div class="k8s-missing">Go 源码中没有这个函数：<code>{html.escape(function.go_function)}</code></div>'
        else:
            go = self.r.code(page, symbol)
        head = (f'{self.r.symbol_link(page, function.go_function)} → {self._listing_link(page, path, function.first_line)}'
                f' <code>{html.escape(function.python_function)}</code>')  # fmt: skip
        return _pair_html(head, go, source, starts, function.first_line, function.last_line)

    def _pair(self, page: str, step: MirroredStep, fact: Step | None, path: str, source: bytes, starts: list[int]) -> str:
        symbol = self.index.symbols.get(step.go_function)
        if fact is None or symbol is None:
            go = f'<div class="k8s-missing">Go 源码中没有这一步：<code>{html.escape(step.text)}</code></div>'
            where = html.escape(step.go_function)
        else:
            go = self.r.code(page, symbol, fact.line, fact.end_line)
            target = self.r.pages_for.get(symbol.id)
            anchor = self.r.line_href(page, target, symbol.file, fact.line) if target else None
            label = f"{symbol.file}:{fact.line}"
            where = f'<a href="{html.escape(anchor)}">{html.escape(label)}</a>' if anchor else html.escape(label)
        go_function = step.go_function.rsplit("/", 1)[-1]
        head = f'{html.escape(go_function)} · {where} → {self._listing_link(page, path, step.first_line)}'
        return _pair_html(head, go, source, starts, step.first_line, step.last_line)


def _pair_html(head: str, go: str, source: bytes, starts: list[int], first: int, last: int) -> str:
    """Go on the left, lines first..last of the replica's Python on the right (without anchors:
    the listing has them), under one heading."""
    end = starts[last] if last < len(starts) else len(source)
    python = highlight(source, starts[first - 1], end, first, [], lexer=_PYTHON)
    return (f'<div class="k8s-pair" markdown="0"><div class="k8s-pair-head">{head}</div><div class="k8s-pair-go">{go}</div>'
            f'<div class="k8s-pair-py"><div class="k8s-excerpt"{copy_text_attribute(source, starts[first - 1], end)}>{python}</div></div></div>\n')  # fmt: skip


__all__ = ["ReplicaPages"]

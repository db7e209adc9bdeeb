"""The lab page: how the real v1.9.9 is built and run here, and what it answered when the site was built.

Everything it shows comes from somewhere that can be checked: the build steps from the lab's
recipe (reader/lab/recipe.json) and its patches, the makefile and script excerpts cut from the
tree at build time, the package count from the same rule openapi-gen's caller uses, and the
answers and comparison results from the running binaries (OracleReport), or the reason there are none.
The prose is in the UI strings table (templates/strings.yml, keys lab.*), in every language.
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
from reader.render.strings import UI
from reader.render.urls import localized, permalink

PAGE = "lab.md"


class LabPage:
    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer
        self.oracle: OracleReport | None = renderer.src.oracle

    def render(self) -> dict[str, str]:
        return {localized(PAGE, lang): self.page(localized(PAGE, lang), ui) for lang, ui in self.r.ui.items()}

    def page(self, page: str, ui: UI) -> str:
        from reader.lab.slow_start import load_scenarios as slow_start_scenarios
        from reader.render.rollouts import rollout_summary, slow_start_summary  # it imports why_not_run from here

        recipe = load_recipe()
        dirs = openapi_dirs(self.r.src.root)
        ldflags = recipe.ldflags(settings.UPSTREAM_TAG, settings.UPSTREAM_COMMIT)
        parts = [
            f"# {ui('lab.title')} {{ #lab }}\n",
            ui("lab.intro") + "\n",
            ui("lab.commands") + "\n",
            f"## {ui('lab.build_title')} {{ #build }}\n",
            ui("lab.build_intro") + "\n",
            f"### {ui('lab.copy_title')} {{ #copy }}\n",
            ui("lab.copy", env=_env(recipe.go_env, ui)) + "\n",
            f"### {ui('lab.openapi_title')} {{ #openapi }}\n",
            ui("lab.openapi") + "\n",
            self._excerpt(page, "Makefile.generated_files", r"^OPENAPI_DIRS := ", r"^$", MakefileLexer(), ui),
            self._excerpt(page, "Makefile.generated_files", r"^\$\(OPENAPI_OUTFILE\): \$\(OPENAPI_GEN\)", r"^$", MakefileLexer(), ui),
            ui("lab.openapi_count", count=len(dirs)) + "\n",
            f'<details><summary>{ui("lab.openapi_packages")}</summary>\n\n' + "\n".join(f"- `{d}`" for d in dirs) + "\n\n</details>\n",
            f"### {ui('lab.patch_title')} {{ #patch }}\n",
            ui("lab.patch") + "\n",
            *(self._patch(page, p, ui) for p in recipe.patches),
            f"### {ui('lab.version_title')} {{ #version }}\n",
            ui("lab.version") + "\n",
            self._excerpt(page, "hack/lib/version.sh", r"^kube::version::ldflag\(\) \{", r"^\}", BashLexer(), ui),
            ui("lab.ldflags", commit=settings.UPSTREAM_COMMIT) + "\n",
            f"```\n{ldflags.replace(' -X', chr(10) + '-X')}\n```\n",
            ui("lab.cache", lab_env=settings.LAB_ENV) + "\n",
            f"## {ui('lab.up_title')} {{ #up }}\n",
            ui("lab.up") + "\n",
            ui("lab.up_logs") + "\n",
            self._samples(ui),
            f"## {ui('lab.comparison_title')} {{ #comparison }}\n\n" + oracle_summary(self.oracle, ui=ui) + "\n",
            f"### {ui('lab.rollouts_title')} {{ #rollouts }}\n",
            ui("lab.rollouts_intro") + "\n",
            rollout_summary(self.oracle, ui),
            f"### {ui('lab.slow_start_title')} {{ #slow-start }}\n",
            ui("lab.slow_start_intro") + "\n",
            slow_start_summary(slow_start_scenarios(), self.oracle, ui),
            f"## {ui('lab.lessons_title')} {{ #lessons }}\n",
            ui("lab.lessons") + "\n",
        ]
        return "\n".join(parts)

    # ------------------------------------------------------------ pieces

    def _excerpt(self, page: str, path: str, first: str, last: str, lexer: object, ui: UI) -> str:
        """Lines of a non-Go file of the tree, from the line matching `first` to the next matching `last`."""
        try:
            data = self.r.src.source(path)
        except OSError:
            return f'!!! warning "{ui("lab.missing_file_title", path=path)}"\n    {ui("lab.missing_file")}\n'
        lines = data.decode().splitlines()
        start = next((i for i, line in enumerate(lines) if re.search(first, line)), None)
        if start is None:
            raise ReaderError(f"{path}: no line matches {first!r}; is this tree v1.9.9? (the lab page cuts its excerpt there)")
        end = next((i for i in range(start + 1, len(lines)) if re.search(last, lines[i])), len(lines) - 1)
        end -= 1 if lines[end].strip() == "" else 0
        starts = line_starts(data)
        cut = starts[start], starts[end + 1] if end + 1 < len(starts) else len(data)
        body = highlight(data, *cut, start + 1, [], line_id=partial(self.r.line_anchors[page].claim, path), lexer=lexer)
        link = permalink(path, start + 1, end + 1)
        title = f'<div class="k8s-code-title"><a href="{html.escape(link)}">{html.escape(path)}#L{start + 1}-L{end + 1}</a> · v1.9.9</div>'
        return f'<div class="k8s-excerpt" markdown="0"{copy_text_attribute(data, *cut)}>{title}{body}</div>\n'

    def _patch(self, page: str, patch, ui: UI) -> str:
        diff = patch.diff.encode()
        path = f"reader/lab/patches/{patch.file}"
        body = highlight(diff, 0, len(diff), 1, [], line_id=partial(self.r.line_anchors[page].claim, path), lexer=DiffLexer())
        title = f'<div class="k8s-code-title">{html.escape(path)}</div>'
        return (f"**{html.escape(patch.title)}**\n\n{html.escape(patch.reason)}\n\n"
                f"{ui('lab.upstream_fix', url=patch.upstream)}\n\n<div class=\"k8s-excerpt\" markdown=\"0\"{copy_text_attribute(diff, 0, len(diff))}>{title}{body}</div>\n")  # fmt: skip

    def _samples(self, ui: UI) -> str:
        head = f"## {ui('lab.samples_title')} {{ #samples }}\n"
        if self.oracle is None or not self.oracle.ran:
            return head + f'\n!!! note "{ui("lab.samples_not_run")}"\n    {html.escape(why_not_run(self.oracle, ui))}\n'
        out = [head, ui("lab.samples_intro", go=html.escape(self.oracle.go_version)) + "\n"]
        for sample in self.oracle.samples:
            more = "\n" + ui("lab.more_lines", count=sample.lines) if sample.lines > len(sample.output.splitlines()) else ""
            out.append(f"```console\n$ {sample.command}\n{sample.output}{more}\n```\n")
        return "\n".join(out)


def why_not_run(oracle: OracleReport | None, ui: UI) -> str:
    """Why the comparison did not run, and how to make it run, in the page's language."""
    if oracle is None:
        return ui("oracle.not_looked")
    return ui(f"oracle.not_run.{oracle.not_run.value}", detail=oracle.why_not) if oracle.not_run else oracle.why_not


def oracle_summary(oracle: OracleReport | None, component: str | None = None, *, ui: UI) -> str:
    """The verdict box for pages that show the comparison (of one binary, or of all): counts,
    differences, the allowed list."""
    if oracle is None or not oracle.ran:
        return f'!!! note "{ui("oracle.not_run_title")}"\n    {html.escape(why_not_run(oracle, ui))}\n'
    out = []
    kinds = [(Kind.COMMAND, ui("oracle.command_label", name=name), name) for name in oracle.components() if component in (None, name)]
    kinds += [(Kind.HTTP, ui("oracle.http_label"), "kube-apiserver")] if component in (None, "kube-apiserver") else []
    kinds += [(Kind.REQUEST, ui("oracle.request_label"), "kube-apiserver")] if component in (None, "kube-apiserver") else []
    for kind, label, name in kinds:
        results = oracle.of(kind, name)
        if not results:
            continue
        different = [r for r in results if not r.equal]
        title = ui("oracle.title", equal=len(results) - len(different), total=len(results), label=label)
        if not different:
            out.append(f'!!! success "{title}"\n    {ui("oracle.all_equal")}\n')
        else:
            separator = ui("note.colon")
            lines = "\n".join(f"    - `{html.escape(r.name)}` {html.escape(' '.join(r.args))}{separator}{html.escape(r.difference or '')}" for r in different[:30])
            more = "\n    - " + ui("oracle.more", count=len(different) - 30) if len(different) > 30 else ""
            out.append(f'!!! failure "{title}"\n    {ui("oracle.differences")}\n\n{lines}{more}\n')
    allowed = "\n".join(f"    - **{html.escape(a.name)}**{ui('note.colon')}{html.escape(a.reason)}" for a in ALLOWED)
    left_out = "\n".join(f"    - `{html.escape(k)}`{ui('note.colon')}{html.escape(v)}" for k, v in LEFT_OUT.items())
    out.append(f'??? info "{ui("oracle.allowed_title")}"\n{allowed}\n{left_out}\n')
    return "\n".join(out)


def _env(env: dict[str, str], ui: UI) -> str:
    return ui("list.separator").join(f"`{k}={v}`" if v else f"`{k}=`" for k, v in env.items())


__all__ = ["LabPage", "oracle_summary"]

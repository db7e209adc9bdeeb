"""The comparison's verdict as pages show it: counts per kind, each difference, the allowed list,
or why it did not run."""

from __future__ import annotations

import html

from reader.lab.differential import ALLOWED, Kind
from reader.lab.oracle import CaseResult, NotRun, OracleReport
from reader.render.lab import oracle_summary
from reader.render.pages import PROJECT
from reader.render.strings import load_ui

UI = load_ui(PROJECT)
ZH, EN = UI["zh"], UI["en"]


def test_all_equal_says_so_with_counts_and_the_allowed_list() -> None:
    report = OracleReport(True, "", "go1.19.8", (
        CaseResult(Kind.COMMAND.value, "--help", ("--help",), None),
        CaseResult(Kind.HTTP.value, "GET /", (), None), CaseResult(Kind.HTTP.value, "GET /api", (), None),
        CaseResult(Kind.COMMAND.value, "-h", ("-h",), None, "kube-scheduler"),
    ))  # fmt: skip
    text = oracle_summary(report, ui=ZH)
    assert '!!! success "与真实 v1.9.9 二进制一致 1/1：kube-apiserver 命令行' in text
    assert '!!! success "与真实 v1.9.9 二进制一致 1/1：kube-scheduler 命令行' in text
    assert '!!! success "与真实 v1.9.9 二进制一致 2/2：kube-apiserver HTTP' in text
    only = oracle_summary(report, "kube-scheduler", ui=ZH)  # a replica page shows its binary's cases
    assert "kube-scheduler 命令行" in only and "kube-apiserver 命令行" not in only and "HTTP：" not in only
    assert all(html.escape(a.name) in text and html.escape(a.reason) in text for a in ALLOWED)


def test_differences_are_listed_with_their_first_line() -> None:
    report = OracleReport(True, "", "go1.19.8", (
        CaseResult(Kind.HTTP.value, "GET /api/v1", ("--runtime-config=x/v1=true",), "line 1: real '200', replica '501'"),
        CaseResult(Kind.HTTP.value, "GET /", (), None),
    ))  # fmt: skip
    text = oracle_summary(report, ui=ZH)
    assert '!!! failure "与真实 v1.9.9 二进制一致 1/2：kube-apiserver HTTP' in text
    assert "`GET /api/v1` --runtime-config=x/v1=true：line 1: real &#x27;200&#x27;, replica &#x27;501&#x27;" in text
    assert "命令行" not in text  # no command-line cases: no box for them


def test_not_run_says_why_and_how() -> None:
    report = OracleReport(False, "the real binaries are not built yet: run k8s-reader lab build", not_run=NotRun.NOT_BUILT)
    text = oracle_summary(report, ui=ZH)
    assert text.startswith('!!! note "与真实 v1.9.9 二进制的对照：这次构建没有运行"')
    assert "真实二进制尚未构建：运行 `k8s-reader lab build`" in text  # in the page's language
    assert "The real binaries are not built yet: run `k8s-reader lab build`" in oracle_summary(report, ui=EN)
    assert "这次构建没有运行" in oracle_summary(None, ui=ZH)


def test_english_edition_says_it_in_english() -> None:
    report = OracleReport(True, "", "go1.19.8", (CaseResult(Kind.HTTP.value, "GET /", (), None),))
    text = oracle_summary(report, ui=UI["en"])
    assert text.startswith('!!! success "Same as the real v1.9.9 binary in 1/1: kube-apiserver HTTP')
    assert oracle_summary(None, ui=UI["en"]).startswith('!!! note "The comparison with the real v1.9.9 binaries: not run in this build"')

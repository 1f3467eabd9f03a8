"""Every message id the workflow code uses exists, in both languages, and renders."""

import ast as pyast
import re
from pathlib import Path

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast, parse
from fluent.syntax.visitor import Visitor

import services.workflow

ROOT = Path(__file__).resolve().parents[2]
CODE = Path(services.workflow.__file__).parent
LOCALES = ("ru", "en")
CYRILLIC = re.compile("[а-яА-ЯёЁ]")
NUMERIC_ARGS = {"days", "row", "max", "minimum", "index", "first"}


def ftl_text(locale: str) -> str:
    return (ROOT / "bot" / "locales" / locale / "workflow.ftl").read_text("utf-8")


def code_keys() -> set[str]:
    keys: set[str] = set()
    for path in CODE.glob("*.py"):
        keys |= set(re.findall(r'"(wf-[a-z0-9-]+)"', path.read_text("utf-8")))
    return keys


def messages(locale: str) -> dict[str, ast.Message]:
    resource = parse(ftl_text(locale))
    assert [e for e in resource.body if isinstance(e, ast.Junk)] == []
    return {m.id.name: m for m in resource.body if isinstance(m, ast.Message)}


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:  # noqa: N802
        self.names.add(node.id.name)


def test_code_uses_a_known_set_of_keys():
    keys = code_keys()

    assert len(keys) == 70
    assert {"wf-deny-not-author", "wf-import-bad-key", "wf-diff-added"} <= keys


@pytest.mark.parametrize("locale", LOCALES)
def test_every_code_key_is_in_the_ftl_and_nothing_else(locale):
    assert set(messages(locale)) == code_keys()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_renders_without_errors(locale):
    bundle = FluentBundle([locale], use_isolating=False)
    bundle.add_resource(FluentResource(ftl_text(locale)))
    for key, message in messages(locale).items():
        finder = _Variables()
        finder.visit(message)
        args = {n: (3 if n in NUMERIC_ARGS else "x") for n in finder.names}

        text, errors = bundle.format_pattern(bundle.get_message(key).value, args)

        assert errors == [], key
        assert text.strip(), key


def test_russian_plural_of_reopen_window():
    bundle = FluentBundle(["ru"], use_isolating=False)
    bundle.add_resource(FluentResource(ftl_text("ru")))
    pattern = bundle.get_message("wf-deny-reopen-window").value

    assert bundle.format_pattern(pattern, {"days": 1})[0].endswith("1 дня после закрытия.")
    assert bundle.format_pattern(pattern, {"days": 7})[0].endswith("7 дней после закрытия.")


def string_literals(source: str) -> list[str]:
    """String constants of a module, docstrings excluded."""
    tree = pyast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in pyast.walk(tree)
        if isinstance(node, pyast.Module | pyast.ClassDef | pyast.FunctionDef)
        and node.body
        and isinstance(node.body[0], pyast.Expr)
        and isinstance(node.body[0].value, pyast.Constant)
    }
    return [
        node.value
        for node in pyast.walk(tree)
        if isinstance(node, pyast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_cyrillic_literals_outside_documented_data_constants():
    offenders = {
        path.name: found
        for path in CODE.glob("*.py")
        if (found := [t for t in string_literals(path.read_text("utf-8")) if CYRILLIC.search(t)])
    }

    assert set(offenders) == {"xlsx_columns.py"}
    assert "Код" in offenders["xlsx_columns.py"]

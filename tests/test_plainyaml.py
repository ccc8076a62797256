"""The plain-YAML reader gives exactly ruamel's answer on what it accepts, and declines the rest."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from gklint import plainyaml
from gklint.layers import load_yaml
from gklint.manager import load_plugins


def ruamel(text: str) -> Any:
    return YAML(typ="rt").load(text)


def shape(value: Any) -> Any:
    """The value with every mapping, list and scalar reduced to its kind, so types are compared too."""
    if isinstance(value, dict):
        return {key: shape(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [shape(inner) for inner in value]
    return type(value).__name__


def assert_same(text: str) -> None:
    ours, theirs = plainyaml.load(text), ruamel(text)
    assert ours is not None, text
    assert ours == theirs
    assert shape(ours) == shape(theirs)
    for key, value in ours.items():
        assert ours.lc.key(key) == theirs.lc.key(key)
        if isinstance(value, plainyaml.Mapping):
            assert all(value.lc.key(k) == theirs[key].lc.key(k) for k in value)


def test_every_shipped_ruleset_is_within_the_subset_and_read_as_ruamel_reads_it() -> None:
    shipped = [path for path, _ in load_plugins().rulesets.values()]
    assert len(shipped) >= 3
    for path in shipped:
        assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "select: [GK]\n",
        "# only a comment first\n\nname: x   # trailing\nselect: [GK1, HN , ZJ001]\nignore: []\n",
        "severity:\n  GK101: error # why\n  GK106: off\nlang: zh\n",
        "description: 2019、2020 年度报告（试行格式）：不提示\nextends: national\n",
        "fail-on: warning\nper-file-ignores:\n    legacy: GK106\n",
        "a: b#c\nd: e:f\n",
    ],
)
def test_accepted_documents_equal_ruamels(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing but a comment\n",
        "select: 'GK'\n",  # quotes
        'select: "GK"\n',
        "jobs: 2\n",  # a number
        "limit: 1.5\n",
        "when: 2024-01-01\n",  # a date
        "flag: true\n",
        "flag: yes\n",
        "nothing:\n",  # null
        "empty: ~\n",
        "select:\n  - GK\n",  # a block list
        "rules:\n  GK401:\n    tolerance: 0\n",  # deeper nesting
        "a: x\na: y\n",  # duplicate key (ruamel refuses it)
        "a:\tx\n",
        "\ufeffa: x\n",
        "a: &anchor x\nb: *anchor\n",
        "a: |\n  text\n",
        "---\na: x\n",
        "a: [x, [y]]\n",
        "a: x: y\n",
        "a: x\r\nb: y\r\n",
        "  a: x\n",  # indented top level
        "a: x\n  b: y\n",  # a block under a key that has a value
        "'per/*.txt': [GK1]\n",
    ],
)
def test_anything_outside_the_subset_is_declined(text: str) -> None:
    assert plainyaml.load(text) is None


WORDS = ["GK", "HN1", "national", "error", "off", "warning", "中文说明", "2019、2020 年", "a-b_c.d", "x#y"]
KEYS = ["select", "ignore", "extends", "GK101", "per-file-ignores", "lang", "x_1"]


def random_document(rng: random.Random) -> str:
    lines = []
    for key in rng.sample(KEYS, rng.randint(1, len(KEYS))):
        shape = rng.choice(["word", "list", "block"])
        comment = rng.choice(["", "  # note", " #x"])
        if rng.random() < 0.2:
            lines.append("# a comment line")
        if shape == "word":
            lines.append(f"{key}: {rng.choice(WORDS)}{comment}")
        elif shape == "list":
            items = rng.sample([w for w in WORDS if "," not in w], rng.randint(0, 3))
            lines.append(f"{key}: [{', '.join(items)}]{comment}")
        else:
            lines.append(f"{key}:{comment}")
            indent = " " * rng.choice([2, 4])
            for inner in rng.sample(KEYS, rng.randint(1, 3)):
                lines.append(f"{indent}{inner}: {rng.choice(WORDS)}{rng.choice(['', '  # c'])}")
        if rng.random() < 0.2:
            lines.append("")
    return "\n".join(lines) + "\n"


def test_generated_documents_of_the_subset_equal_ruamels() -> None:
    rng = random.Random(20261129)
    for _ in range(300):
        assert_same(random_document(rng))


def test_load_yaml_falls_back_to_ruamel_with_its_positions_and_errors(tmp_path: Path) -> None:
    config = tmp_path / "x.yaml"
    config.write_text("select: [GK]\nrules:\n  GK401:\n    tolerance: 2\n", encoding="utf-8")
    data = load_yaml(config)
    assert not isinstance(data, plainyaml.Mapping) and data["rules"]["GK401"]["tolerance"] == 2
    config.write_text("select: [GK\n", encoding="utf-8")
    with pytest.raises(Exception, match="invalid YAML"):
        load_yaml(config)

"""The wizard's codebook page saves the codebook template where the lead chooses, says where, and
reads it back once chosen: a first codebook can be started without leaving File ▸ New Project…."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ictool.core.codebook.sheet import read_codebook
from ictool.core.codebook.template import TEMPLATE
from ictool.gui.lead.wizard.wizard import NewProjectWizard
from tests.gui.conftest import MakeWindow, ScriptedPrompter


@pytest.fixture
def wizard(make_window: MakeWindow, prompter: ScriptedPrompter, tmp_path: Path) -> Iterator[NewProjectWizard]:
    """The wizard at its codebook page, the project's file chosen in ``tmp_path``."""
    window = make_window()
    window.new_actions[0].trigger()
    wizard = window.new_dialog
    assert isinstance(wizard, NewProjectWizard)
    prompter.new_file = tmp_path / "study.ictool"
    wizard.location.choose.click()
    wizard.location.title_edit.setText("Study")
    wizard.next()
    assert wizard.currentPage() is wizard.codebook
    yield wizard
    wizard.reject()


def test_save_a_template_then_choose_it(
    wizard: NewProjectWizard, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    page = wizard.codebook
    prompter.new_file = tmp_path / "my codebook"  # typed without the suffix
    page.template.click()

    saved = tmp_path / "my codebook.xlsx"
    asked = [c for c in prompter.calls if c[0] == "choose_new_file"][-1]
    assert asked[1] == "Save a codebook template" and asked[2] == str(tmp_path / "codebook.xlsx")
    assert read_codebook(saved) == TEMPLATE
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform_file", "Codebook template saved")
    assert saved.name in text and str(tmp_path) in text and "How to fill in" in text
    assert prompter.shown[-1] == saved
    assert str(saved) in page.file_label.text()
    assert not page.isComplete()  # saving a template is not choosing a codebook

    prompter.file = saved
    page.choose.click()
    assert page.isComplete() and wizard.draft.codebook == TEMPLATE
    assert f"{len(TEMPLATE)} variables in 3 groups" in page.status.text()


def test_an_existing_file_is_replaced_only_when_the_lead_agrees(
    wizard: NewProjectWizard, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    mine = tmp_path / "codebook.xlsx"
    mine.write_bytes(b"the lead's own codebook")
    prompter.new_file = mine
    prompter.answer = False
    wizard.codebook.template.click()
    assert prompter.last()[:2] == ("confirm", "Replace file?")
    assert mine.read_bytes() == b"the lead's own codebook"

    prompter.answer = True
    wizard.codebook.template.click()
    assert read_codebook(mine) == TEMPLATE


def test_cancelling_or_failing_writes_nothing(
    wizard: NewProjectWizard, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    prompter.new_file = None
    wizard.codebook.template.click()
    assert sorted(p.name for p in tmp_path.iterdir()) == before

    prompter.new_file = tmp_path / "gone" / "codebook.xlsx"  # its folder was removed meanwhile
    wizard.codebook.template.click()
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "The template was not saved") and "cannot be written" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == before

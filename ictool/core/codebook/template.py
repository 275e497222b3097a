"""A codebook workbook to start from: example variables, and a sheet explaining every column.

A researcher's first codebook is usually typed from a blank sheet and refused row after row. A
template that already reads cleanly — one example per level, a multi-select, a text variable, declared
missing codes — shows the syntax by example, and the second sheet answers "what goes in this column?"
without a manual.

The template cannot drift from the reader: its examples are :class:`Variable` objects written by the
codebook exporter (which runs the reader's own validation on what it writes), the explanation sheet
has one row per entry of :data:`COLUMNS` in the reader's order (a column without an explanation is a
``KeyError`` here and a failing test), and the limits it quotes are the reader's own constants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ictool.core.codebook.choices import CODE_MAX_LENGTH
from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.codebook.names import COLUMNS, NAME_MAX_LENGTH, REQUIRED_COLUMNS
from ictool.core.codebook.sheet import MAX_MISSING_CODES

#: The name of the explanation sheet (the reader reads the sheet named "Codebook" and ignores it).
HELP_SHEET = "How to fill in"
HELP_HEADER: tuple[str, ...] = ("column", "required", "what it holds", "allowed values", "example")
_HELP_WIDTHS = (13, 10, 52, 60, 34)

_LEVELS = ", ".join(level.value for level in Level)


@dataclass(frozen=True)
class ColumnHelp:
    """What a person needs to fill in one column of the codebook sheet."""

    meaning: str
    allowed: str
    example: str


COLUMN_HELP: Mapping[str, ColumnHelp] = {
    "name": ColumnHelp(
        "The variable's name: a column of the exported dataset (SPSS, R, Stata, Excel). Each name "
        "once, ignoring capitals.",
        f"A letter A–Z first, then letters, digits or _; at most {NAME_MAX_LENGTH} characters; not a "
        "reserved word of SPSS, R or Stata (AND, NA, if, int…) and not ‘document’.",
        "age_join",
    ),
    "label": ColumnHelp(
        "The question or short title coders see above the variable.",
        "Any text; may be left empty (the name is shown instead).",
        "Age when joining",
    ),
    "level": ColumnHelp(
        "The level of measurement: it decides how alpha weighs a disagreement (a category versus "
        "another, steps on an ordered scale, distances between numbers, ratios) and which field coders "
        "get.",
        f"One of: {_LEVELS}. nominal and ordinal need choices; text is a free-text memo, never compared "
        "and never in alpha.",
        "ordinal",
    ),
    "choices": ColumnHelp(
        "The answers coders choose from, as in a REDCap data dictionary. For an ordinal variable their "
        "order is the scale's order.",
        f"code, label | code, label | … — a code is a whole number or up to {CODE_MAX_LENGTH} letters, "
        "digits, _, - or .; a label may contain commas but not ‘|’ or a line break. One choice per line "
        "in the cell (Alt+Enter in Excel) works too. Codes and labels are each used once. "
        "Interval and ratio variables may have choices with whole-number codes (a labelled scale).",
        "1, None | 2, Low | 3, Medium | 4, High",
    ),
    "group": ColumnHelp(
        "A heading that gathers related variables: the coder's form folds by group, and the lead's "
        "pages filter by it.",
        "Any text; variables with the same text form one group. May be left empty.",
        "Leaving",
    ),
    "description": ColumnHelp(
        "The coding instruction: shown to coders under the variable, and kept in exports.",
        "Any text, several lines allowed.",
        "Code what the person says, not what you infer.",
    ),
    "missing": ColumnHelp(
        "Declared missing codes: ‘not applicable’, ‘no information’. They are kept in exports (as "
        "user-missing values in SPSS) and left out of alpha; a blank cell means the variable has none.",
        f"Up to {MAX_MISSING_CODES} codes separated by |. With choices: codes of its choices. A number "
        "variable: numbers, which may lie outside min and max. Not for text or multi-select variables.",
        "8 | 9",
    ),
    "multiple": ColumnHelp(
        "Whether coders may tick several choices (a multi-select). Alpha is then computed per option, "
        "each as a yes/no variable.",
        "yes or no (also y/n, true/false, 1/0, x); blank means no. Only a nominal variable with choices "
        "can be multiple.",
        "yes",
    ),
    "min": ColumnHelp(
        "The smallest value a coder may type into a number variable.",
        "A number (. for decimals), for an interval or ratio variable without choices; not negative "
        "for ratio. Blank: no lower limit.",
        "10",
    ),
    "max": ColumnHelp(
        "The largest value a coder may type into a number variable.",
        "A number (. for decimals), at least min, for an interval or ratio variable without choices. "
        "Blank: no upper limit.",
        "80",
    ),
}

#: Notes below the column table: what the reader does with the sheet as a whole.
GENERAL_NOTES: tuple[str, ...] = (
    "ictool reads the sheet named ‘Codebook’ (or the first sheet); this sheet is ignored, so keep it "
    "or delete it.",
    "Row 1 holds the column names, in any order and any capitals; only name and level are required. "
    "Columns ictool does not know are ignored: keep your own notes beside the codebook.",
    "One row per variable, in the order coders should see them. Delete the example rows you do not "
    "need and add your own.",
    "Every problem in the sheet is listed with its row number when you read it (the New Project "
    "wizard, or ictool new); nothing is imported until the sheet is clean.",
    "Save as .xlsx, or as .csv (UTF-8) with the same columns.",
)

#: One example variable per level, a multi-select, a text memo, and declared missing codes.
TEMPLATE = Codebook(
    (
        Variable(
            "role",
            Level.NOMINAL,
            label="Role in the group",
            group="Background",
            description="The role the person describes for themselves when they were most involved.",
            choices=(Category(1, "Leader"), Category(2, "Member"), Category(3, "Supporter")),
        ),
        Variable(
            "employment",
            Level.NOMINAL,
            label="Employment when leaving",
            group="Background",
            description="8 if the person never worked (not applicable); 9 if the interview does not say.",
            choices=(
                Category(1, "Employed"),
                Category(2, "Unemployed"),
                Category(3, "In education"),
                Category(8, "Not applicable"),
                Category(9, "No information"),
            ),
            missing=(8, 9),
        ),
        Variable(
            "age_join",
            Level.RATIO,
            label="Age when joining",
            group="Background",
            description="In years, as stated. 999 if the interview does not say.",
            missing=(999,),
            minimum=10,
            maximum=80,
        ),
        Variable(
            "motives",
            Level.NOMINAL,
            label="Motives for joining",
            group="Joining",
            description="Tick every motive the person names; none ticked if they name none.",
            choices=(
                Category(1, "Ideology"),
                Category(2, "Belonging"),
                Category(3, "Money"),
                Category(4, "Family"),
            ),
            multiple=True,
        ),
        Variable(
            "disillusion",
            Level.ORDINAL,
            label="Disillusionment before leaving",
            group="Leaving",
            description="How strongly the person expresses disappointment with the group.",
            choices=(Category(1, "None"), Category(2, "Low"), Category(3, "Medium"), Category(4, "High")),
        ),
        Variable(
            "feeling",
            Level.INTERVAL,
            label="Feeling towards the former group today",
            group="Leaving",
            description="From −3 (very hostile) through 0 (indifferent) to +3 (very warm).",
            minimum=-3,
            maximum=3,
        ),
        Variable(
            "exit_story",
            Level.TEXT,
            label="How the person tells their exit",
            group="Leaving",
            description="A sentence or two in your own words; not compared between coders.",
        ),
    )
)


def help_rows() -> list[tuple[str, str, str, str, str]]:
    """One row per codebook column, in the order the sheet has them."""
    return [
        (
            column,
            "yes" if column in REQUIRED_COLUMNS else "no",
            COLUMN_HELP[column].meaning,
            COLUMN_HELP[column].allowed,
            COLUMN_HELP[column].example,
        )
        for column in COLUMNS
    ]


def write_codebook_template(path: Path) -> None:
    """Write the template workbook to ``path`` (.xlsx), replacing it atomically.

    Whether ``path`` may be replaced is the caller's decision (the command line wants ``--force``,
    the wizard's save dialog asks); this only guarantees the file is never left half written.
    """
    from openpyxl.styles import Alignment, Font  # openpyxl costs 0.2 s to import: only when writing

    from ictool.core.codebook.export import codebook_workbook
    from ictool.core.paths import write_atomically

    workbook = codebook_workbook(TEMPLATE)
    sheet = workbook.create_sheet(HELP_SHEET)
    top = Alignment(wrap_text=True, vertical="top")
    for row_index, values in enumerate([HELP_HEADER, *help_rows()], start=1):
        for column_index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            cell.data_type = "s"  # an example such as "8 | 9" or "-3" stays text, never a formula
            cell.alignment = top
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes_heading = len(COLUMNS) + 3  # header, a row per column, one blank row
    sheet.cell(row=notes_heading, column=1, value="Good to know").font = Font(bold=True)
    for offset, note in enumerate(GENERAL_NOTES, start=1):
        sheet.cell(row=notes_heading + offset, column=1, value=note).data_type = "s"
    for index, width in enumerate(_HELP_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    write_atomically(path, lambda target: workbook.save(target))

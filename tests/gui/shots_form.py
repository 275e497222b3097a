"""Screenshots of the codebook form in a light and a dark palette (a script, not a test).

    .venv/bin/python tests/gui/shots_form.py [OUT_DIR]

writes ``form.png`` and ``form_dark.png`` (480 × 900), and ``*_lower.png`` scrolled further down, to
OUT_DIR (default /tmp), so that a person can look at spacing, clipping and contrast after a change;
the tests cannot judge how the form looks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.gui.widgets.codebook_form import CodebookForm

LONG = (
    "Code the main reason the respondent gives for leaving, in their own framing. If several reasons "
    "are given, code the one they return to most often; do not infer from tone alone."
)


def _choices(*labels: str) -> tuple[Category, ...]:
    return tuple(Category(i, label) for i, label in enumerate(labels, 1))


def build_codebook() -> Codebook:
    v = Variable
    nominal, ordinal = Level.NOMINAL, Level.ORDINAL
    yes_no = (Category(1, "Yes"), Category(0, "No"), Category(9, "Not mentioned"))
    return Codebook(
        (
            v(
                "resp_id_ok",
                nominal,
                label="Transcript matches respondent",
                group="Document",
                choices=yes_no[:2],
            ),
            v("interviewer", Level.TEXT, label="Interviewer remarks", group="Document"),
            v(
                "gender",
                nominal,
                label="Gender",
                group="Demographics",
                description="As the respondent describes themselves; do not guess from the name.",
                choices=(
                    Category(1, "Woman"),
                    Category(2, "Man"),
                    Category(3, "Other"),
                    Category(9, "Not mentioned"),
                ),
                missing=(9,),
            ),
            v(
                "age_join",
                Level.RATIO,
                label="Age at joining",
                group="Demographics",
                description="Age in years when the respondent first took part in group activities.",
                minimum=10,
                maximum=80,
                missing=(999,),
            ),
            v("age_exit", Level.RATIO, label="Age at exit", group="Demographics", minimum=10, maximum=90),
            v(
                "country",
                nominal,
                label="Country of birth",
                group="Demographics",
                choices=_choices(
                    "Austria",
                    "Belgium",
                    "Denmark",
                    "Egypt",
                    "France",
                    "Germany",
                    "Morocco",
                    "Syria",
                    "Tunisia",
                    "Turkey",
                    "United Kingdom",
                    "Other",
                ),
            ),
            v(
                "city_ar",
                nominal,
                label="المدينة الأصلية (home city)",
                group="Demographics",
                description="اكتب المدينة كما يذكرها المستجيب.",
                choices=_choices("دمشق", "حلب", "حمص", "أخرى"),
            ),
            v(
                "education",
                ordinal,
                label="Highest education",
                group="Demographics",
                choices=_choices("None", "Primary", "Secondary", "Vocational", "University", "Postgraduate"),
            ),
            v(
                "siblings",
                Level.RATIO,
                label="Number of siblings",
                group="Demographics",
                minimum=0,
                maximum=20,
                missing=(98, 99),
            ),
            v(
                "motives",
                nominal,
                label="Motivations for joining",
                group="Joining",
                multiple=True,
                description="Tick every motivation the respondent names explicitly.",
                choices=_choices("Ideology", "Belonging", "Money", "Adventure", "Revenge", "Protection"),
            ),
            v(
                "recruit",
                nominal,
                label="Recruitment path",
                group="Joining",
                choices=_choices(
                    "Friends or family",
                    "Online contact",
                    "Mosque or community centre",
                    "Prison",
                    "Self-initiated",
                ),
            ),
            v("duration", Level.RATIO, label="Months in the group", group="Joining", minimum=0, maximum=600),
            v(
                "role",
                nominal,
                label="Main role",
                group="Joining",
                choices=_choices("Fighter", "Logistics", "Propaganda", "Support", "Unclear"),
                missing=(5,),
            ),
            v(
                "exit_reason",
                nominal,
                label="Main reason for leaving",
                group="Exit",
                description=LONG,
                choices=_choices(
                    "Disillusionment with leaders",
                    "Violence against civilians",
                    "Family pressure",
                    "Arrest",
                    "Fatigue",
                    "Not mentioned",
                ),
                missing=(6,),
            ),
            v(
                "disillusion",
                ordinal,
                label="Degree of disillusionment",
                group="Exit",
                choices=_choices("None", "Low", "Medium", "High"),
            ),
            v("regret", nominal, label="Expresses regret", group="Exit", choices=yes_no, missing=(9,)),
            v(
                "helpers",
                nominal,
                label="Who helped with leaving",
                group="Exit",
                multiple=True,
                choices=_choices(
                    "Family",
                    "Former members",
                    "NGO / exit programme",
                    "Police",
                    "Religious figure",
                    "Nobody",
                    "Not mentioned",
                ),
                missing=(7,),
            ),
            v(
                "quote",
                Level.TEXT,
                label="Notable quote",
                group="Exit",
                description="Copy one sentence that captures the exit; keep the respondent's words.",
            ),
            v("threats", nominal, label="Threats after exit", group="After", choices=yes_no, missing=(9,)),
            v(
                "relapse",
                ordinal,
                label="Risk of re-engagement (coder judgement)",
                group="After",
                choices=_choices("Very low", "Low", "Moderate", "High", "Very high"),
            ),
            v("work", nominal, label="In work or education now", group="After", choices=yes_no, missing=(9,)),
            v(
                "contacts",
                Level.RATIO,
                label="Former members still in contact",
                group="After",
                minimum=0,
                maximum=100,
                missing=(999,),
            ),
            v(
                "media",
                nominal,
                label="Media used",
                group="After",
                multiple=True,
                choices=_choices("TV", "Radio", "Social media", "Messenger"),
            ),
            v("wellbeing", Level.INTERVAL, label="Wellbeing score", group="After", minimum=-5, maximum=5),
            v("memo", Level.TEXT, label="Coder memo", group="After"),
        )
    )


def dark_palette() -> QPalette:
    pal = QPalette()
    # Fields lighter than the window (as in macOS and GNOME dark themes): Fusion draws frames and
    # indicator outlines as window.darker(), which vanish on fields darker than the window.
    window, base, text = QColor(36, 37, 40), QColor(52, 54, 58), QColor(222, 222, 222)
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor(45, 46, 50)),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor(56, 58, 62)),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.Highlight, QColor(61, 142, 230)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor(140, 140, 140)),
        (QPalette.ColorRole.Light, QColor(70, 71, 75)),
        (QPalette.ColorRole.Midlight, QColor(60, 61, 65)),
        (QPalette.ColorRole.Mid, QColor(58, 59, 63)),
        (QPalette.ColorRole.Dark, QColor(20, 20, 22)),
        (QPalette.ColorRole.Shadow, QColor(0, 0, 0)),
    ):
        pal.setColor(role, colour)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(120, 120, 120))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(120, 120, 120))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(120, 120, 120))
    return pal


def shoot(app: QApplication, path: Path) -> None:
    codebook = build_codebook()
    form = CodebookForm()
    form.set_codebook(codebook)
    form.resize(480, 900)
    uuid = {var.name: var.uuid for var in codebook}
    form.set_values(
        {
            uuid["resp_id_ok"]: 1,
            uuid["gender"]: 9,
            uuid["country"]: 7,
            uuid["city_ar"]: 2,
            uuid["motives"]: (1, 2),
            uuid["exit_reason"]: 1,
            uuid["quote"]: "I realised they did not care about us at all.",
        }
    )
    form.set_evidence_counts({uuid["gender"]: 1, uuid["exit_reason"]: 2})
    form.show()
    app.processEvents()
    form.focus_variable(uuid["gender"])
    age = form.row(uuid["age_join"])
    assert age is not None
    age.editor.line.setText("230")  # type: ignore[attr-defined]
    age.editor.commit_pending()
    app.processEvents()
    form.grab().save(str(path))
    form.focus_variable(uuid["quote"])  # the lower half: multi-selects, a long description, text
    app.processEvents()
    form.grab().save(str(path.with_name(path.stem + "_lower.png")))
    form.close()
    form.deleteLater()
    app.processEvents()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle(QStyleFactory.create("Fusion"))
    shoot(app, out / "form.png")
    app.setPalette(dark_palette())
    shoot(app, out / "form_dark.png")
    print(out / "form.png", out / "form_dark.png")


if __name__ == "__main__":
    main()

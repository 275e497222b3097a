"""Screenshots of the transcript pane for a visual check (a script, not a test).

    .venv/bin/python tests/gui/shots_transcript.py

Writes /tmp/transcript_english.png (evidence, emphasis, find bar with hits),
/tmp/transcript_arabic.png (right-to-left paragraphs under an English header) and
/tmp/transcript_dark.png (the first view in a dark palette). Runs offscreen by default.
"""

from __future__ import annotations

import os
import random
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

from ictool.gui.widgets.transcript_view import TranscriptView

QUESTIONS = [
    "Can you tell me how you first came into contact with the group?",
    "What did your family think at the time?",
    "How did a normal week look for you then?",
    "When did you first have doubts?",
    "Who did you talk to when you were thinking of leaving?",
    "What was the hardest part of the first year after you left?",
    "Looking back, what would have helped you leave earlier?",
]
ANSWERS = [
    "It was through a cousin. He invited me to a study circle, and at first it was just tea and talk.",
    "My mother was worried, but she did not say much. My father thought it was a phase.",
    "We met three or four evenings a week. There was always something to do, someone who needed help.",
    "I think the doubts started when they asked us to stop seeing old friends. That did not feel right.",
    "Nobody, for a long time. Later a teacher at the college noticed something and asked me directly.",
    "Honestly, the loneliness. The group had been my whole social life and suddenly it was gone.",
    "A job, probably. Something that gave me a reason to be somewhere else in the evenings.",
    "I remember one meeting where the leader shouted at a younger member, and nobody said anything.",
    "My family never stopped calling me, even when I did not answer. That mattered more than I knew.",
]


def english_transcript(seed: int = 7, exchanges: int = 120) -> str:
    rng = random.Random(seed)
    lines = ["Interview 12 — respondent R-031, recorded 14 March 2023, transcribed verbatim"]
    for _ in range(exchanges):
        lines.append("I: " + rng.choice(QUESTIONS))
        lines.append("R: " + " ".join(rng.sample(ANSWERS, rng.randint(1, 3))))
    return "\n".join(lines) + "\n"


ARABIC_TRANSCRIPT = "\n".join(
    [
        "Interview 14 — Amman, translated excerpts with the original Arabic",
        "س: كيف تعرفت على المجموعة في البداية؟",
        "ج: عن طريق ابن عمي. دعاني إلى حلقة دراسية، وفي البداية كان الأمر مجرد شاي وحديث مع الأصدقاء"
        " بعد صلاة العشاء، ولم أكن أفكر في شيء آخر.",
        "س: ماذا كان رأي عائلتك في ذلك الوقت؟",
        "ج: كانت أمي قلقة، لكنها لم تقل الكثير. أما أبي فكان يظن أنها مرحلة وستمر.",
        "[Interviewer note: the respondent switched to English for the next answer.]",
        "I: When did you first have doubts?",
        "R: When they asked us to stop seeing old friends. That did not feel right to me.",
        "س: ومن الذي ساعدك على الخروج؟",
        "ج: أستاذ في الكلية لاحظ شيئاً وسألني مباشرة. كانت تلك أول مرة أتكلم فيها عن الموضوع مع أحد"
        " من خارج المجموعة، وقلت له كلمة trust بالإنجليزية لأنني لم أجد غيرها.",
    ]
)


def evidence_for(text: str, quotes: list[str]) -> list[tuple[str, int, int, str]]:
    spans = []
    for n, quote in enumerate(quotes):
        start = text.find(quote)
        if start >= 0:
            spans.append((f"ev-{n}", start, start + len(quote), f"Evidence {n + 1}: {quote[:40]}"))
    return spans


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: QColor(37, 37, 38),
        QPalette.ColorRole.WindowText: QColor(220, 220, 220),
        QPalette.ColorRole.Base: QColor(30, 30, 30),
        QPalette.ColorRole.AlternateBase: QColor(45, 45, 48),
        QPalette.ColorRole.Text: QColor(220, 220, 220),
        QPalette.ColorRole.Button: QColor(45, 45, 48),
        QPalette.ColorRole.ButtonText: QColor(220, 220, 220),
        QPalette.ColorRole.Highlight: QColor(38, 79, 120),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.PlaceholderText: QColor(140, 140, 140),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    return palette


def shoot(window: QMainWindow, path: str) -> None:
    for _ in range(3):
        QApplication.processEvents()
    window.grab().save(path)
    print("wrote", path)


def english_window(title: str) -> tuple[QMainWindow, TranscriptView]:
    window = QMainWindow()
    window.setWindowTitle(title)
    view = TranscriptView()
    window.setCentralWidget(view)
    window.resize(1000, 700)
    window.show()
    text = english_transcript()
    view.set_document("INT-012", text)
    quotes = [
        "the doubts started when they asked us to stop seeing old friends",
        "My family never stopped calling me",
        "the loneliness",
        "He invited me to a study circle",
    ]
    spans = evidence_for(text, quotes)
    view.set_evidence(spans)
    view.set_emphasis({spans[1][0]})
    view.show_find()
    view.find_bar().field.setText("family")
    view.find_next()
    view.find_next()
    return window, view


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    window, _ = english_window("Transcript — English")
    shoot(window, "/tmp/transcript_english.png")

    arabic = QMainWindow()
    arabic.setWindowTitle("Transcript — Arabic")
    view = TranscriptView()
    arabic.setCentralWidget(view)
    arabic.resize(1000, 700)
    arabic.show()
    view.set_document("INT-014", ARABIC_TRANSCRIPT)
    view.set_evidence(evidence_for(ARABIC_TRANSCRIPT, ["كانت أمي قلقة", "stop seeing old friends", "trust"]))
    shoot(arabic, "/tmp/transcript_arabic.png")

    app.setPalette(dark_palette())
    dark, _ = english_window("Transcript — dark")
    shoot(dark, "/tmp/transcript_dark.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

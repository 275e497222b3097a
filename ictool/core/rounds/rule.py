"""The study's qualification rule: when a round's alpha qualifies a variable (coders are certified).

Why alpha and the interval's lower bound: an alpha of .81 from ten documents says little; requiring
the 95% interval's lower bound to clear a floor as well keeps a small pilot from certifying coders by
luck (Krippendorff 2004: .800 to rely on a variable, .667 for tentative conclusions). The rule is the
study's, kept in the file's ``meta`` so every report of the study applies the same one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ictool.core.errors import UserError
from ictool.core.project import Project, StudyFile
from ictool.core.store import meta_repo

MIN_ALPHA_KEY = "qualification_min_alpha"
MIN_LOWER_KEY = "qualification_min_lower"
DEFAULT_MIN_ALPHA = 0.800
DEFAULT_MIN_LOWER = 0.667


@dataclass(frozen=True)
class QualificationRule:
    """Alpha must reach ``min_alpha`` and the 95% interval's lower bound ``min_lower``."""

    min_alpha: float = DEFAULT_MIN_ALPHA
    min_lower: float = DEFAULT_MIN_LOWER

    def met(self, alpha: float | None, ci95: tuple[float, float] | None) -> bool | None:
        """True or False; None when it cannot be told because the interval was not computed.

        An undefined alpha never qualifies: nothing was shown to be reliable.
        """
        if alpha is None or alpha < self.min_alpha:
            return False
        if ci95 is None:
            return None
        return ci95[0] >= self.min_lower

    def describe(self) -> str:
        return f"alpha >= {self.min_alpha:.3f} and the 95% CI's lower bound >= {self.min_lower:.3f}"


def qualification_rule(file: StudyFile) -> QualificationRule:
    """The study's rule (the default until the lead sets one)."""
    alpha = file.meta(MIN_ALPHA_KEY)
    lower = file.meta(MIN_LOWER_KEY)
    return QualificationRule(
        float(alpha) if alpha is not None else DEFAULT_MIN_ALPHA,
        float(lower) if lower is not None else DEFAULT_MIN_LOWER,
    )


def set_qualification_rule(
    project: Project, *, min_alpha: float | None = None, min_lower: float | None = None
) -> QualificationRule:
    """Change the rule (a bound not given keeps its value); audited, as it changes every verdict."""
    old = qualification_rule(project)
    new = QualificationRule(
        old.min_alpha if min_alpha is None else min_alpha,
        old.min_lower if min_lower is None else min_lower,
    )
    problems = [
        f"{label} must be between -1 and 1 (got {value})"
        for label, value in (("--min-alpha", new.min_alpha), ("--min-lower", new.min_lower))
        if not -1.0 <= value <= 1.0
    ]
    if problems:
        raise UserError(problems)
    if new == old:
        return old
    with project.transaction() as db:
        meta_repo.set_meta(db, MIN_ALPHA_KEY, repr(new.min_alpha))
        meta_repo.set_meta(db, MIN_LOWER_KEY, repr(new.min_lower))
        project.audit("set qualification rule", origin="typed", old=old.describe(), new=new.describe())
    return new

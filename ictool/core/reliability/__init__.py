"""Reliability of coded data: Krippendorff's alpha, KALPHA bootstrap, kappas, coder diagnostics.

Qt-free and independent of the store: it reads integer-coded observations (:mod:`.data`) built from
a reliability matrix, ``(unit, coder, value)`` triples, or a project's codings
(:class:`ReliabilityInput`). The krippendorff package is only the test reference; everything is computed
here from sparse coincidences.
"""

from ictool.core.errors import Cancelled
from ictool.core.reliability.alpha import (
    AlphaResult,
    compute_alpha,
    krippendorff_alpha,
    krippendorff_alpha_long,
)
from ictool.core.reliability.bootstrap import (
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    BootstrapResult,
    bootstrap_alpha,
    draws_per_replicate,
)
from ictool.core.reliability.coders import PairwiseAlpha, leave_one_out_alpha, pairwise_alpha
from ictool.core.reliability.coincidence import Coincidences
from ictool.core.reliability.data import ReliabilityData, from_long, from_matrix
from ictool.core.reliability.kappa import KappaResult, cohen_kappa, fleiss_kappa, gwet_ac1, kappas
from ictool.core.reliability.project_data import ReliabilityInput
from ictool.core.reliability.project_report import (
    PairwiseRow,
    ReliabilityReport,
    VariableReliability,
    reliability_report,
    status_of,
)

__all__ = [
    "DEFAULT_REPLICATES",
    "DEFAULT_SEED",
    "AlphaResult",
    "BootstrapResult",
    "Cancelled",
    "Coincidences",
    "KappaResult",
    "PairwiseAlpha",
    "PairwiseRow",
    "ReliabilityData",
    "ReliabilityInput",
    "ReliabilityReport",
    "VariableReliability",
    "bootstrap_alpha",
    "cohen_kappa",
    "compute_alpha",
    "draws_per_replicate",
    "fleiss_kappa",
    "from_long",
    "from_matrix",
    "gwet_ac1",
    "kappas",
    "krippendorff_alpha",
    "krippendorff_alpha_long",
    "leave_one_out_alpha",
    "pairwise_alpha",
    "reliability_report",
    "status_of",
]

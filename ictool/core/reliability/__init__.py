"""Reliability of coded data: Krippendorff's alpha, KALPHA bootstrap, kappas, coder diagnostics.

Qt-free and independent of the store: it reads integer-coded observations (:mod:`.data`) built from
a reliability matrix, ``(unit, coder, value)`` triples, or a project's codings
(:class:`ReliabilityInput`). The krippendorff package is only the test reference; everything is computed
here from sparse coincidences.

Names are imported on first use (``ictool.lazy_exports``), so importing one light module of this
package does not load them all.
"""

from typing import TYPE_CHECKING

from ictool.core.errors import Cancelled
from ictool.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from ictool.core.reliability.alpha import (
        AlphaResult,
        compute_alpha,
        krippendorff_alpha,
        krippendorff_alpha_long,
    )
    from ictool.core.reliability.bootstrap import (
        BootstrapResult,
        bootstrap_alpha,
        draws_per_replicate,
    )
    from ictool.core.reliability.coders import PairwiseAlpha, leave_one_out_alpha, pairwise_alpha
    from ictool.core.reliability.coincidence import Coincidences
    from ictool.core.reliability.data import ReliabilityData, from_long, from_matrix
    from ictool.core.reliability.defaults import DEFAULT_REPLICATES, DEFAULT_SEED
    from ictool.core.reliability.kappa import KappaResult, cohen_kappa, fleiss_kappa, gwet_ac1, kappas
    from ictool.core.reliability.project_data import ReliabilityInput
    from ictool.core.reliability.project_report import (
        PairwiseRow,
        ReliabilityReport,
        VariableReliability,
        reliability_report,
        status_of,
    )

__getattr__ = lazy_exports(
    __name__,
    {
        "AlphaResult": "alpha",
        "compute_alpha": "alpha",
        "krippendorff_alpha": "alpha",
        "krippendorff_alpha_long": "alpha",
        "DEFAULT_REPLICATES": "defaults",
        "DEFAULT_SEED": "defaults",
        "BootstrapResult": "bootstrap",
        "bootstrap_alpha": "bootstrap",
        "draws_per_replicate": "bootstrap",
        "PairwiseAlpha": "coders",
        "leave_one_out_alpha": "coders",
        "pairwise_alpha": "coders",
        "Coincidences": "coincidence",
        "ReliabilityData": "data",
        "from_long": "data",
        "from_matrix": "data",
        "KappaResult": "kappa",
        "cohen_kappa": "kappa",
        "fleiss_kappa": "kappa",
        "gwet_ac1": "kappa",
        "kappas": "kappa",
        "ReliabilityInput": "project_data",
        "PairwiseRow": "project_report",
        "ReliabilityReport": "project_report",
        "VariableReliability": "project_report",
        "reliability_report": "project_report",
        "status_of": "project_report",
    },
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

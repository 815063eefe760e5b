"""Code analysis: metrics, biomarkers, health and duplication, from bytes alone."""

"""pmprb: score, check and report PMPRB self-assessment workbooks (LKE) for a kabupaten."""

__version__ = "0.1.0"

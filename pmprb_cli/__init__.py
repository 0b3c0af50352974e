"""pmprb: score, check and report PMPRB self-assessment workbooks (LKE) for a kabupaten."""

# Raised with each release: `pip install -U` from a folder of wheels (README's offline install) upgrades only to a
# higher version, and the rekap, rapor and package name the version that made them.
__version__ = "0.3.0"

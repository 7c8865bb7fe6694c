"""collabcheck: check NHS-industry collaborative working proposals against ABPI Code rules."""

__version__ = "0.1.0"

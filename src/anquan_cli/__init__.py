"""anquan: 陵政发〔2025〕1号 as a tracked task catalogue."""

__version__ = "0.1.0"

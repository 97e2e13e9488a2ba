"""Tuyên giáo số: the digital workspace of Party propaganda and mass mobilisation committees."""

__version__ = "0.1.0"

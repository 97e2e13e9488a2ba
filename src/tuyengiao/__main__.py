"""``python -m tuyengiao`` is the same as the ``tuyengiao`` command."""

from tuyengiao.cli import main

main()

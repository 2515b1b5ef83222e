"""``python -m puentes.sources.usdol_ilab``: print the mapping report of the shipped files."""

from .report import main

main()

"""Helpers of the ``usdol-ilab`` mapper (the U.S. Department of Labor's findings on the worst
forms of child labour): reading the XML with line numbers, matching DOL country names to ISO
3166-1, and the mapping report (what was mapped, what was left out and why).

The mapper itself is :mod:`puentes.sources.usdol_ilab`.
"""

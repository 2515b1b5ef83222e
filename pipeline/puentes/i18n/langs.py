"""The ILO's working languages, the one list (re-exported as :data:`puentes.i18n.LANGS`).

A module of its own so that the message catalogue (:mod:`puentes.i18n.messages`), which the
package imports, can read it without an import circle.
"""

from __future__ import annotations

#: the ILO's working languages, in the order the project writes them.
LANGS: tuple[str, ...] = ("es", "en", "fr")

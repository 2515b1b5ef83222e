"""One module per ``puentes`` command; each exposes a click command named ``command``."""

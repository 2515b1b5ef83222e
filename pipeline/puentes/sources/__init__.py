"""One mapper module per source id (``usdol-ilab`` → ``usdol_ilab``); see docs/pipeline.md."""

"""The curated registry: YAML files that data stewards edit (``data/registry/``).

``loader`` reads them keeping line numbers, ``schema`` declares the fields of each kind of
record, ``check`` reports every mistake at once, ``mapper`` turns valid records into RDF.
"""

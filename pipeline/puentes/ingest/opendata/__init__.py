"""Helpers shared by the open-data connectors (statistics as RDF Data Cube)."""

"""Statistics values from the live connectors' snapshots (SDMX-CSV of ILOSTAT and UNICEF)
checked like the shipped files (issue 20): a value that is not a percentage — INF, 250,
1e999999 — is an error naming the file, the line and the column, never a row quietly left
out as "no value" nor a million-digit literal; NaN and empty stay missing values."""

from __future__ import annotations

from collections import Counter

import pytest

from puentes.errors import DataError
from puentes.ingest.opendata.sdmx import read_rows
from puentes.rdfio import mapping_graph

HEAD = "REF_AREA,TIME_PERIOD,SEX,AGE,OBS_VALUE\n"


@pytest.mark.parametrize("value", ["INF", "-Infinity", "250", "-1", "1e999999", "1E1000000",
                                   "12,5"])
def test_a_value_that_is_not_a_percentage_is_named(tmp_path, value):
    path = tmp_path / "answer.csv"
    path.write_text(HEAD + "GHA,2019,_T,Y5T17,21.8\n" + f'BEN,2018,_T,Y5T17,"{value}"\n',
                    encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_rows(mapping_graph(), "ilostat", path, "child-labour", Counter(),
                  default_age="5-17")
    text = str(err.value)
    assert "answer.csv:3: record 'BEN 2018' field 'OBS_VALUE'" in text
    assert "a percentage from 0 to 100" in text


def test_nan_and_empty_stay_missing_values(tmp_path):
    path = tmp_path / "answer.csv"
    path.write_text(HEAD + "GHA,2019,_T,Y5T17,21.8\nBEN,2018,_T,Y5T17,NaN\n"
                    "TGO,2017,_T,Y5T17,\n", encoding="utf-8")
    skipped = Counter()
    n = read_rows(mapping_graph(), "ilostat", path, "child-labour", skipped,
                  default_age="5-17")
    assert n == 1 and skipped["no value"] == 2


def test_an_answer_saved_as_utf16_is_named(tmp_path):
    path = tmp_path / "answer.csv"
    path.write_text(HEAD + "GHA,2019,_T,Y5T17,21.8\n", encoding="utf-16")
    with pytest.raises(DataError) as err:
        read_rows(mapping_graph(), "ilostat", path, "child-labour", Counter())
    assert "answer.csv:1" in str(err.value) and "UTF-8" in str(err.value)

"""bench/events_quality.py runs on the sets written for the tests and
prints its two tables: the one setting, chosen on fold A, and the floor."""

from __future__ import annotations

from bench import events_quality as EQ


def test_the_bench_prints_both_tables_on_the_written_sets(capsys):
    assert EQ.main(["--sets", "seeds,similar"]) == 0
    out = capsys.readouterr().out
    first, second = out.split("Cross-fold")
    assert first.startswith("Event grouping, B-cubed P R F1")
    rows = {line.split()[0]: line.split() for line in first.splitlines()[2:] if line.strip()}
    assert rows["seeds"][4:7] == ["1.000", "1.000", "1.000"]  # the five seeds are one event
    assert float(rows["similar"][6]) >= 0.91  # F1 at the one setting (measured 0.919)
    assert "—" in rows["similar"][7:10]  # the floor's threshold comes from fold A, absent here
    assert "similar" in second and "(0.325)" in second  # the floor at the threshold that knows the answer


def test_the_setting_is_chosen_on_fold_a_and_the_floor_threshold_on_the_other_fold():
    result = EQ.run(["seeds", "similar", "similar-nodates"])
    assert result["chosen_on_a"] is None  # no set of fold A here: nothing chosen on it
    assert result["chosen_on_b"] is not None and result["floor_threshold_on_b"] in EQ.FLOOR_THRESHOLDS
    row = next(r for r in result["rows"] if r["set"] == "similar")
    assert row["fold"] == "B" and row["floor"]["threshold"] is None
    assert row["floor_oracle"]["score"][2] < row["default"][2]  # even knowing the answer, TF-IDF is below

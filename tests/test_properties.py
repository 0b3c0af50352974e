"""Invariants (Hypothesis): scores stay within their weights; the order of items never matters."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from pmprb_cli.models import Node, Rubric
from pmprb_cli.rubric import load_rubric
from pmprb_cli.scoring import score

from .test_scoring import submission

RUBRIC = load_rubric("lke-rb-2014")


def answer_sets(rubric: Rubric) -> st.SearchStrategy[dict[str, object]]:
    fields: dict[str, st.SearchStrategy[object]] = {}
    for item in rubric.items():
        scale = rubric.scales[item.scale]
        typed = [*scale.choices, *(c.lower() for c in scale.choices), "", "??"]
        fields[item.code] = st.sampled_from(typed)
    for node in rubric.indicators():
        scale = rubric.scales[node.scale]
        if scale.kind == "choice":
            fields[node.code] = st.sampled_from([*scale.choices, ""])
        else:
            fields[node.code] = st.one_of(st.floats(scale.minimum, scale.maximum), st.just(""))
    return st.fixed_dictionaries(fields)


@settings(max_examples=60, deadline=None)
@given(answer_sets(RUBRIC))
def test_scores_stay_within_weights(answers: dict[str, object]) -> None:
    card = score(submission(answers), RUBRIC)
    for node in card.nodes:
        assert -1e-9 <= node.score <= node.weight + 1e-9, node
    for item in card.items:
        assert item.value >= 0
    assert 0 <= card.index <= 100 + 1e-9
    assert card.index == card.pengungkit + card.hasil


def _shuffled(node: Node, rnd: st.DataObject) -> Node:
    items = tuple(rnd.draw(st.permutations(node.items))) if node.items else ()
    children = tuple(_shuffled(c, rnd) for c in node.children)
    return dataclasses.replace(node, items=items, children=children)


@settings(max_examples=30, deadline=None)
@given(answer_sets(RUBRIC), st.data())
def test_order_of_items_does_not_change_the_score(answers: dict[str, object], data: st.DataObject) -> None:
    shuffled = dataclasses.replace(RUBRIC, roots=tuple(_shuffled(r, data) for r in RUBRIC.roots))
    reordered = dict(data.draw(st.permutations(list(answers.items()))))
    a = score(submission(answers), RUBRIC)
    b = score(submission(reordered), shuffled)
    assert abs(a.index - b.index) < 1e-9
    sub_a = {n.code: n.score for n in a.nodes}
    sub_b = {n.code: n.score for n in b.nodes}
    for code, value in sub_a.items():
        assert abs(value - sub_b[code]) < 1e-9


@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=1, max_value=64))
def test_batch_chunks_keep_every_path_in_order_and_shrink_towards_the_end(count: int, jobs: int) -> None:
    from pmprb_cli.pipeline import _chunks

    paths = [f"u{i}.xlsx" for i in range(count)]
    chunks = _chunks(paths, jobs)
    assert [p for chunk in chunks for p in chunk] == paths
    sizes = [len(c) for c in chunks]
    assert all(1 <= s <= 16 for s in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if count >= 16 * jobs:
        assert sizes[-jobs:] == [1] * jobs  # the last chunks are single files: no worker finishes alone


@given(
    value=st.one_of(st.floats(-1e9, 1e9, allow_nan=False), st.integers(-(10**9), 10**9).map(float)),
    decimals=st.integers(0, 4),
)
def test_numbers_are_written_as_babels_indonesian_pattern_writes_them(value: float, decimals: int) -> None:
    # The rapor formats its numbers itself (babel took 13 of 37 seconds of a 500-unit rapor): the same text.
    from babel.numbers import format_decimal

    from pmprb_cli.models import rounded_half_up
    from pmprb_cli.reporting import count, num

    shown = rounded_half_up(value, decimals)
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    assert num(value, decimals) == format_decimal(abs(shown) if shown == 0 else shown, format=pattern, locale="id_ID")
    assert count(int(value)) == format_decimal(int(value), locale="id_ID")

"""The keyed (HMAC-SM3) chain as pure functions: no database."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.audit.chain import GENESIS, Break, canonical, record_hash, sm3_hex, verify

Row = tuple[int, dict[str, Any], str, str]

KEY = bytes.fromhex("11" * 32)
KEYS = {"k1": KEY}

CONTENT: dict[str, Any] = {
    "chain": "zone-1",
    "seq": 1,
    "zone": 1,
    "at": "2026-03-02T01:02:03.456789+00:00",
    "actor": 7,
    "actor_name": "李晓琳",
    "channel": "web",
    "action": "enterprise.update",
    "object_type": "enterprises.enterprise",
    "object_id": "42",
    "object_repr": "中玻(朝阳)新材料有限公司",
    "before": {"name": "旧名称", "employees": 10},
    "after": {"name": "新名称", "employees": 12},
    "result": "ok",
    "message": "",
    "ip": "192.0.2.7",
    "key_id": "k1",
}


def build(n: int, *, first_seq: int = 1, anchor: str = GENESIS) -> list[Row]:
    """A well-formed chain of ``n`` records numbered from ``first_seq``."""
    rows: list[Row] = []
    prev = anchor
    for seq in range(first_seq, first_seq + n):
        content = {**CONTENT, "seq": seq, "message": f"record {seq}"}
        digest = record_hash(content, prev, KEY)
        rows.append((seq, content, prev, digest))
        prev = digest
    return rows


def rehashed(row: Row, **changes: Any) -> Row:
    """The row with its content changed and its own hash recomputed (a careful forger)."""
    seq, content, prev, _ = row
    new = {**content, **changes}
    return seq, new, prev, record_hash(new, prev, KEY)


class TestHash:
    def test_sm3_of_abc_is_the_standard_test_vector(self) -> None:
        # GB/T 32905-2016 appendix A, example 1.
        assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"

    def test_canonical_form_ignores_key_order_and_keeps_chinese_readable(self) -> None:
        reordered = dict(reversed(list(CONTENT.items())))
        assert canonical(reordered) == canonical(CONTENT)
        assert "李晓琳".encode() in canonical(CONTENT)

    @pytest.mark.parametrize("field", sorted(CONTENT))
    def test_hash_changes_when_any_field_changes(self, field: str) -> None:
        given_hash = record_hash(CONTENT, GENESIS, KEY)
        changed = {**CONTENT, field: {"tampered": True}}
        assert record_hash(changed, GENESIS, KEY) != given_hash

    def test_hash_changes_when_a_nested_value_changes(self) -> None:
        changed = {**CONTENT, "after": {**CONTENT["after"], "employees": 13}}
        assert record_hash(changed, GENESIS, KEY) != record_hash(CONTENT, GENESIS, KEY)

    def test_hash_distinguishes_a_number_from_its_text(self) -> None:
        as_text = {**CONTENT, "zone": "1"}
        assert record_hash(as_text, GENESIS, KEY) != record_hash(CONTENT, GENESIS, KEY)

    def test_hash_changes_with_the_previous_hash(self) -> None:
        assert record_hash(CONTENT, GENESIS, KEY) != record_hash(CONTENT, "f" * 64, KEY)

    def test_hash_is_64_hex_digits_and_deterministic(self) -> None:
        digest = record_hash(CONTENT, GENESIS, KEY)
        assert len(digest) == 64
        assert int(digest, 16) >= 0
        assert record_hash(dict(CONTENT), GENESIS, KEY) == digest


class TestVerifyIntact:
    def test_an_empty_chain_is_intact(self) -> None:
        assert verify([], KEYS) is None

    @pytest.mark.parametrize("n", [1, 2, 10])
    def test_a_well_formed_chain_is_intact(self, n: int) -> None:
        assert verify(build(n), KEYS) is None

    def test_verify_consumes_an_iterator_lazily(self) -> None:
        assert verify(iter(build(5)), KEYS) is None


class TestVerifyFindsTheFirstBreak:
    def test_an_edited_record_breaks_at_itself(self) -> None:
        rows = build(6)
        seq, content, prev, digest = rows[2]
        rows[2] = (seq, {**content, "actor_name": "别人"}, prev, digest)
        assert verify(rows, KEYS) == Break(3, "记录内容与其 HMAC-SM3 不符（记录被改写或重算）", "rewritten")

    def test_an_edited_and_rehashed_record_breaks_at_the_next_one(self) -> None:
        rows = build(6)
        rows[2] = rehashed(rows[2], after={"name": "伪造"})
        broken = verify(rows, KEYS)
        assert broken is not None
        assert broken.seq == 4
        assert "前序哈希" in broken.reason

    def test_only_the_first_of_two_edits_is_reported(self) -> None:
        rows = build(6)
        for i in (1, 4):
            seq, content, prev, digest = rows[i]
            rows[i] = (seq, {**content, "result": "denied"}, prev, digest)
        assert verify(rows, KEYS).seq == 2  # type: ignore[union-attr]

    def test_an_edited_stored_hash_breaks_at_itself(self) -> None:
        rows = build(4)
        seq, content, prev, _ = rows[1]
        rows[1] = (seq, content, prev, "0" * 64)
        assert verify(rows, KEYS).seq == 2  # type: ignore[union-attr]

    def test_a_deleted_middle_record_is_named(self) -> None:
        rows = build(6)
        del rows[3]
        broken = verify(rows, KEYS)
        assert broken is not None
        assert broken.seq == 4
        assert "缺失" in broken.reason

    def test_a_deleted_first_record_is_named(self) -> None:
        assert verify(build(3)[1:], KEYS).seq == 1  # type: ignore[union-attr]

    def test_a_deleted_middle_record_with_renumbering_breaks_on_the_hash_link(self) -> None:
        rows = build(6)
        del rows[3]
        rows = [(i + 1, c, p, h) for i, (_, c, p, h) in enumerate(rows)]
        broken = verify(rows, KEYS)
        assert broken is not None
        assert broken.seq == 4
        assert "前序哈希" in broken.reason

    def test_an_inserted_record_is_found(self) -> None:
        rows = build(5)
        # A forger links the new record to record 2 and renumbers everything after it.
        forged = {**CONTENT, "seq": 3, "message": "forged"}
        inserted = (3, forged, rows[1][3], record_hash(forged, rows[1][3], KEY))
        tail = [(seq + 1, c, p, h) for seq, c, p, h in rows[2:]]
        broken = verify([*rows[:2], inserted, *tail], KEYS)
        assert broken is not None
        assert broken.seq == 4  # the old third record no longer links to its predecessor

    def test_an_inserted_record_with_a_duplicate_number_is_found(self) -> None:
        rows = build(5)
        dup = rows[2]
        broken = verify([*rows[:3], dup, *rows[3:]], KEYS)
        assert broken is not None
        assert broken.seq == 4

    def test_swapped_records_are_found_at_the_first_out_of_place(self) -> None:
        rows = build(5)
        rows[1], rows[2] = rows[2], rows[1]
        assert verify(rows, KEYS).seq == 2  # type: ignore[union-attr]

    def test_swapped_and_renumbered_records_are_found(self) -> None:
        rows = build(5)
        a, b = rows[1], rows[2]
        rows[1] = (2, b[1], b[2], b[3])
        rows[2] = (3, a[1], a[2], a[3])
        broken = verify(rows, KEYS)
        assert broken is not None
        assert broken.seq == 2
        assert "前序哈希" in broken.reason


class TestAnchor:
    def test_a_pruned_chain_verifies_from_its_anchor(self) -> None:
        rows = build(10)
        anchor = rows[3][3]  # records 1..4 pruned
        assert verify(rows[4:], KEYS, anchor=anchor, first_seq=5) is None

    def test_a_pruned_chain_fails_against_the_genesis_anchor(self) -> None:
        rows = build(10)
        broken = verify(rows[4:], KEYS, first_seq=5)
        assert broken is not None
        assert broken.seq == 5
        assert "前序哈希" in broken.reason

    def test_a_pruned_chain_fails_when_first_seq_is_not_moved(self) -> None:
        rows = build(10)
        assert verify(rows[4:], KEYS, anchor=rows[3][3]).seq == 1  # type: ignore[union-attr]

    def test_a_wrong_anchor_hash_is_reported_at_the_first_record_kept(self) -> None:
        rows = build(10)
        assert verify(rows[4:], KEYS, anchor=rows[2][3], first_seq=5).seq == 5  # type: ignore[union-attr]

    def test_deleting_the_first_record_after_the_anchor_is_found(self) -> None:
        rows = build(10)
        assert verify(rows[5:], KEYS, anchor=rows[3][3], first_seq=5).seq == 5  # type: ignore[union-attr]

    def test_a_record_left_behind_below_the_anchor_is_found(self) -> None:
        rows = build(10)
        assert verify(rows[3:], KEYS, anchor=rows[3][3], first_seq=5).seq == 5  # type: ignore[union-attr]

    def test_a_chain_built_on_an_anchor_verifies(self) -> None:
        anchor = "a" * 64
        assert verify(build(3, first_seq=101, anchor=anchor), KEYS, anchor=anchor, first_seq=101) is None


@given(
    n=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_any_single_field_edit_is_reported_at_the_edited_record(n: int, data: st.DataObject) -> None:
    rows = build(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    field = data.draw(st.sampled_from(sorted(CONTENT)))
    value = data.draw(st.one_of(st.integers(), st.text(max_size=5), st.none()))
    seq, content, prev, digest = rows[index]
    if content[field] == value:
        return
    rows[index] = (seq, {**content, field: value}, prev, digest)
    broken = verify(rows, KEYS)
    assert broken is not None
    assert (broken.seq, broken.kind) in {(index + 1, "rewritten"), (index + 1, "unknown_key")}


@given(n=st.integers(min_value=2, max_value=12), data=st.data())
def test_any_single_deletion_is_reported(n: int, data: st.DataObject) -> None:
    rows = build(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 2))  # the tail is the head's job
    del rows[index]
    broken = verify(rows, KEYS)
    assert broken is not None
    assert broken.seq == index + 1

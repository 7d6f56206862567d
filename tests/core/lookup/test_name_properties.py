from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from triage_desk.lookup.keys import name_key, phonetic_key
from triage_desk.lookup.query import parse_free_text


@given(st.text())
def test_name_key_is_idempotent_and_ascii(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert key == "" or (key.isascii() and key.isalnum() and key == key.lower())


@given(st.text())
def test_phonetic_key_never_raises(text: str) -> None:
    assert isinstance(phonetic_key(text), str)


@given(st.text(max_size=60))
def test_free_text_parsing_never_raises(text: str) -> None:
    q = parse_free_text(text)
    assert isinstance(q.problems, tuple)

"""Names, hints and escapes: the filters every template relies on."""

from __future__ import annotations

import ast

import pytest

from generator.model import Field
from generator.rendering.filters import docstring, member_name, pascal, safe_identifier, snake
from generator.rendering.filters import is_secret


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("SessionExpiryInMin", "session_expiry_in_min"),
        ("DBInsert", "db_insert"),
        ("TTLInMinutes", "ttl_in_minutes"),
        ("KeyID", "key_id"),
        ("KeyId", "key_id"),
        ("FNSnum", "fn_snum"),
        ("merchant_id", "merchant_id"),
        ("find-session", "find_session"),
        ("ünïcode", "unicode"),
        ("123abc", "123abc"),
    ],
)
def test_snake(wire: str, expected: str) -> None:
    assert snake(wire) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("class", "class_"), ("from", "from_"), ("None", "None_"), ("123abc", "_123abc"), ("match", "match"), ("ok", "ok"), ("", "_")],
)
def test_safe_identifier(name: str, expected: str) -> None:
    assert safe_identifier(name) == expected


def test_pascal_and_member_names() -> None:
    assert pascal("find-session") == "FindSession"
    assert pascal("CreateSession") == "CreateSession"
    assert member_name("sale") == "SALE"
    assert member_name("None") == "NONE"
    assert member_name("123") == "_123"


@pytest.mark.parametrize("text", ['say """hi"""', "back\\slash \\N{x}", 'ends with "', "", "a\n  b\n", "\\"])
def test_docstring_is_always_a_valid_literal_with_the_same_text(text: str) -> None:
    literal = '"""' + docstring(text) + '"""'
    value = ast.literal_eval(literal)
    assert value.strip() == (text.strip() or "(no description)").strip()


def test_secret_detection() -> None:
    assert is_secret(Field(name="Password", type="string"))
    assert is_secret(Field(name="card_number", type="string"))
    assert is_secret(Field(name="auth_token", type="string"))
    assert not is_secret(Field(name="UserName", type="string"))
    assert not is_secret(Field(name="pin", type="string"))

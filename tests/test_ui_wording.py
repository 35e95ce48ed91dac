"""Labels inside sentences: lower-cased first letter, abbreviations and names left alone."""

import pytest

from core.ui.wording import in_sentence


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        ("Sales order", "sales order"),
        ("Yêu cầu hỗ trợ", "yêu cầu hỗ trợ"),
        ("Đơn nghỉ phép", "đơn nghỉ phép"),
        ("SLA policy", "SLA policy"),
        ("VIP", "VIP"),
        ("A", "A"),
        ("", ""),
        ("already lower", "already lower"),
    ],
)
def test_a_label_inside_a_sentence(label, inside):
    assert in_sentence(label) == inside


def test_lazy_labels_are_read_as_text():
    class Lazy:
        def __str__(self) -> str:
            return "Purchase order"

    assert in_sentence(Lazy()) == "purchase order"

"""Published claims: `llmcost.claim(id)` / `llmcost.claims()` return `Claim` objects."""
import pytest

import llmcost

FIELDS = ("id", "description", "value", "unit", "rounding", "inputs", "formula", "reproduced", "source", "url",
          "grade", "note")


def test_claim_attributes():
    # DeepSeek-V3 TR Table 1: 2,788K H800 GPU-hours × $2/GPU-hour = $5.576M.
    c = llmcost.claim("deepseek-v3.total_cost")
    assert isinstance(c, llmcost.Claim)
    assert c.id == "deepseek-v3.total_cost"
    assert c.value == 5.576e6 and c.unit == "USD"
    assert c.reproduced == pytest.approx(2.788e6 * 2)
    assert c.grade == "primary" and c.source
    assert len(c.inputs) == 2 and all(llmcost.claim(i).value > 0 for i in c.inputs)
    r1 = llmcost.claim("deepseek-r1.total_cost")
    assert r1.reproduced == pytest.approx(147e3 * 2)  # $294K
    assert "deepseek-v3.total_cost" in repr(c)


def test_claim_to_dict_has_every_attribute():
    c = llmcost.claim("deepseek-v3.total_cost")
    d = c.to_dict()
    assert tuple(d) == FIELDS
    assert all(d[k] == getattr(c, k) for k in FIELDS)


def test_claims_lists_every_claim_with_a_source():
    cs = llmcost.claims()
    assert all(isinstance(c, llmcost.Claim) and c.source for c in cs)
    ids = [c.id for c in cs]
    assert len(set(ids)) == len(ids) and "deepseek-v3.total_cost" in ids
    # A published input recomputes to itself.
    assert all(c.reproduced == c.value for c in cs if not c.inputs)


def test_unknown_claim_names_the_closest():
    with pytest.raises(KeyError, match=r"llmcost\.claims\.unknown_claim.*deepseek-v3\.total_cost"):
        llmcost.claim("deepseek-v3.total_costs")

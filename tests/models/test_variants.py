import inspect

import pytest

from models.evaluate import leave_one_plan_out
from models.variants import VARIANTS, main


def test_every_variant_is_an_option_of_the_evaluation():
    accepted = set(inspect.signature(leave_one_plan_out).parameters)
    assert "shipped" in VARIANTS and VARIANTS["shipped"] == {}
    assert all(set(options) <= accepted for options in VARIANTS.values())


def test_an_unknown_variant_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["nonsense"])
    assert "unknown variant(s): nonsense" in capsys.readouterr().err

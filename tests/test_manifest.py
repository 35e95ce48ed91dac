"""A plugin's manifest: every field checked, every error naming the field."""

import pytest

from core.manifest import Manifest, ManifestError, satisfies


def test_a_full_manifest_keeps_its_values():
    manifest = Manifest(
        name="fieldservice",
        version="1.2.0",
        label="Field service",
        description="Technician visits.",
        requires={"crm": ">=0.1", "hr": ""},
        core=">=0.1,<1",
    )
    assert manifest.name == "fieldservice"
    assert manifest.version == "1.2.0"
    assert manifest.requires == {"crm": ">=0.1", "hr": ""}
    assert manifest.core == ">=0.1,<1"


def test_label_defaults_to_the_name_in_title_case():
    assert Manifest(name="field_service", version="1").label == "Field Service"


def test_an_unknown_field_is_named():
    with pytest.raises(ManifestError, match="unknown manifest field.*colour"):
        Manifest(name="x", version="1", colour="red")


@pytest.mark.parametrize("missing", ["name", "version"])
def test_a_missing_required_field_is_named(missing):
    values = {"name": "x", "version": "1"}
    del values[missing]
    with pytest.raises(ManifestError, match=f"^{missing} is required"):
        Manifest(**values)


def test_a_blank_name_counts_as_missing():
    with pytest.raises(ManifestError, match="^name is required"):
        Manifest(name="  ", version="1")


@pytest.mark.parametrize("name", ["Sales", "2fast", "my-plugin", "a.b"])
def test_a_name_must_be_a_python_identifier_in_lower_case(name):
    with pytest.raises(ManifestError, match="^name"):
        Manifest(name=name, version="1")


@pytest.mark.parametrize("version", ["one", "1.0-beta-x", "v1..2"])
def test_an_invalid_pep440_version_is_named(version):
    with pytest.raises(ManifestError, match="^version .* PEP 440"):
        Manifest(name="x", version=version)


def test_an_invalid_core_specifier_is_named():
    with pytest.raises(ManifestError, match="^core: .* not a version specifier"):
        Manifest(name="x", version="1", core=">>1")


def test_an_invalid_requirement_specifier_names_the_requirement():
    with pytest.raises(ManifestError, match=r"^requires\[crm\]: .* not a version specifier"):
        Manifest(name="x", version="1", requires={"crm": "=>1"})


@pytest.mark.parametrize(
    ("requires", "message"),
    [
        (["crm"], "^requires must be a mapping"),
        ({"Bad Name": ""}, "^requires: 'Bad Name' is not a plugin name"),
        ({"crm": 1}, r"^requires\[crm\] must be a version specifier string"),
    ],
)
def test_bad_requires_are_named(requires, message):
    with pytest.raises(ManifestError, match=message):
        Manifest(name="x", version="1", requires=requires)


@pytest.mark.parametrize("field", ["label", "description", "name", "version"])
def test_text_fields_must_be_strings(field):
    values = {"name": "x", "version": "1", field: 3}
    with pytest.raises(ManifestError, match=f"^{field} must be a string"):
        Manifest(**values)


def test_satisfies_reads_pep440_specifiers_and_allows_pre_releases():
    assert satisfies("0.1.0", ">=0.1,<1")
    assert not satisfies("1.0", ">=0.1,<1")
    assert satisfies("2.0rc1", ">=2.0rc1")
    assert satisfies("3", "")

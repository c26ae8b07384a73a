import gateway.usage as package


def test_public_names_are_exported_and_exist() -> None:
    assert package.__all__, "the package declares its public API"
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert missing == []
    assert len(set(package.__all__)) == len(package.__all__)

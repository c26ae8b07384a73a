import gateway.telemetry as package
from gateway.request import Observer
from gateway.telemetry import Telemetry


def test_public_names_are_exported_and_exist() -> None:
    assert package.__all__, "the package declares its public API"
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert missing == []
    assert len(set(package.__all__)) == len(package.__all__)


def test_telemetry_is_an_observer() -> None:
    from gateway.config.model import TelemetryConfig

    observer: Observer = Telemetry(TelemetryConfig())  # mypy checks the protocol here
    assert callable(observer.fetcher)

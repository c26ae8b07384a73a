import gateway.traffic as package
from gateway.telemetry import Telemetry
from gateway.traffic import TrafficObserver


def test_public_names_are_exported_and_exist() -> None:
    assert package.__all__, "the package declares its public API"
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert missing == []
    assert len(set(package.__all__)) == len(package.__all__)


def test_telemetry_observes_traffic() -> None:
    from gateway.config import TelemetryConfig

    observer: TrafficObserver = Telemetry(TelemetryConfig())  # mypy checks the protocol here
    assert observer is not None

from tests.verification.conftest import file_claim  # noqa: F401  (the same claim builder)

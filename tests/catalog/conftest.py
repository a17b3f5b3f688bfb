import pytest

from .helpers import publish_before_and_current, publish_lists


@pytest.fixture
def community_lists(db):
    return publish_lists("community")


@pytest.fixture
def two_versions(db):
    return publish_before_and_current()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.7 s per user on the shared CI box; these tests do not test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self) -> None:
        # Connects the receivers that turn a GitHub connection into a confirmed claim.
        from community import github_proof  # noqa: F401

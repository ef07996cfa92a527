from django.apps import AppConfig


class ContentPipelineConfig(AppConfig):
    """Loads, checks and syncs the course files of content/ into the other apps' tables.

    The top layer of the stack: it may import every app, and no app imports it back.
    """

    name = "content_pipeline"

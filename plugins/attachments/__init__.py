from .attachments import register

__all__ = ["register"]

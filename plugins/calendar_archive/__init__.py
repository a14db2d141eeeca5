from .calendar_archive import register

__all__ = ["register"]

from .sidebars import register

__all__ = ["register"]

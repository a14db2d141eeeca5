from .article_tools import register

__all__ = ["register"]

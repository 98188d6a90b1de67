"""The services directory: load and validate ``services.yml``, answer "which services fit?"."""
from bot.directory.loader import DirectoryError, load_directory, parse_directory
from bot.directory.model import NEEDS, Directory, Service
from bot.directory.query import Match, QueryResult, Reason, find_services
from bot.directory.store import DirectoryStore

__all__ = [
    "NEEDS", "Directory", "DirectoryError", "DirectoryStore", "Match", "QueryResult", "Reason",
    "Service", "find_services", "load_directory", "parse_directory",
]

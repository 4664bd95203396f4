"""Database models and their metadata."""

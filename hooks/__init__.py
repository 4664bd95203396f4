"""Turns the entity spec into the validated view model that the template renders."""

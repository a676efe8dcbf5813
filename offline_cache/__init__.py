"""Durable local store and background sync to the city data hub."""

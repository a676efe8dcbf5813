"""The technician screen: who may open it (card or PIN), what it shows, what it can do."""

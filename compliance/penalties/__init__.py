"""Penalties: a measure from the catalogue, proposed against one party on linked grounds,
approved only with both co-chairs' keys, appealable once, decided at a review meeting."""

"""The party found against appeals a claim's final finding, once, to the review meeting."""
